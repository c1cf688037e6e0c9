# The type predicates on values of neighbouring types.
with builtins;
[
  (isInt 1.0)
  (isFloat 1)
  (isString ./data-files)
  (isPath "/a")
  (isAttrs { __functor = self: x: x; })
  (isFunction { __functor = self: x: x; })
  (isFunction map)
  (isFunction (map (x: x)))
  (isList { })
  (isNull null)
  (isNull "null")
  (isBool 0)
]
