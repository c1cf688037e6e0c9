# An error in a function whose code was made on its first call points where Nix points,
# with the same trace.
let
  lib = {
    check = { value, name ? "value" }:
      let described = "${name} is a ${builtins.typeOf value}";
      in builtins.stringLength described * value;
  };
in lib.check { value = "x"; }
