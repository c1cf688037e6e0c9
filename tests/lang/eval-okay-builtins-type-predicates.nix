# Every type predicate on a value of every type.
let
  values = [ null true 1 1.0 "s" ./. [ ] { } (x: x) builtins.head (builtins.toFile "f" "") ];
  test = p: map (v: p v) values;
in
{
  isAttrs = test builtins.isAttrs;
  isBool = test builtins.isBool;
  isFloat = test builtins.isFloat;
  isFunction = test builtins.isFunction;
  isInt = test builtins.isInt;
  isList = test builtins.isList;
  isNull = test builtins.isNull;
  isPath = test builtins.isPath;
  isString = test builtins.isString;
}
