# The namespace of `with` is forced only when a variable is looked up through it.
[
  (with (throw "not forced"); 1)
  (let x = 2; in with (throw "not forced"); x)
  (with { a = 1; }; with (abort "not forced"); builtins.length [ ])
]
