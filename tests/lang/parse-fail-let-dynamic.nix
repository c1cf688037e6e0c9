# `let` bindings must have static names; Nix points at the `let`.
let
  ${"a" + "b"} = 1;
in
1
