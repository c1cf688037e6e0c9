# Plain lambdas and builtins, whole or partly applied, have no formals.
with builtins;
[
  (functionArgs (x: x))
  (functionArgs map)
  (functionArgs (map (x: x)))
  (functionArgs functionArgs)
  (functionArgs (let f = { a ? throw "defaults are not evaluated" }: a; in f))
]
