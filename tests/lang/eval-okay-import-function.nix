# An imported function of a set: its default, and the defaults overridden.
let f = import ./imports/function.nix; in
[
  (f { required = 1; })
  (f { required = 2; optional = "given"; })
  (builtins.functionArgs f)
  ((import ./imports/chain-a.nix) { n = 3; })
]
