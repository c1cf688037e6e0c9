# Importing a file whose value throws fails only when the failing part is forced.
let s = import ./imports/lazy-throw.nix; in
[
  s.good
  (builtins.tryEval s.bad)
  (builtins.attrNames s)
  (builtins.tryEval (import ./imports/throws.nix))
  (builtins.length [ (import ./imports/throws.nix) ])
]
