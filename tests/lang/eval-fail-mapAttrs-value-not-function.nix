# Each value is `f name value`: here `f name` is a string, and applying it fails while the
# attribute is evaluated. Nix calls it from the position of `f` only once `f` is evaluated,
# and `mapAttrs` does not evaluate it: the error itself has no position.
builtins.deepSeq (builtins.mapAttrs (name: name) { x = 1; }) null
