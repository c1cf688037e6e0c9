# Each value is `f name value`: here `f name` is a string, and applying it fails while the
# attribute is evaluated. Nix calls it from the position of `f` only once `f` is evaluated,
# and `mapAttrs` does not evaluate it, so Nix gives no position: nixvm locates the call at
# the call of `mapAttrs` that made it.
builtins.deepSeq (builtins.mapAttrs (name: name) { x = 1; }) null
