# __functor: the set is passed as `self`, functors nest, and they curry.
let
  counter = { n = 10; __functor = self: x: self.n + x; };
  twoArgs = { __functor = self: a: b: a * b; };
  nested = { __functor = self: { __functor = self2: x: "nested ${toString x}"; }; };
in
[
  (counter 5)
  (twoArgs 3 4)
  (let partial = twoArgs 2; in partial 8)
  (nested 1)
  (builtins.isFunction counter)
  (builtins.isAttrs counter)
  ((counter // { n = 100; }) 1)
]
