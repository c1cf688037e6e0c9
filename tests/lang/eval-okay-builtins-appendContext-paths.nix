# Store-path keys are checked; names may use + - . _ ? =.
with builtins;
let
  keys = [
    "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-a+b-1.0_x?y=z"
    "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-.hidden"
    "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-...-x"
  ];
in
map (k: attrNames (getContext (appendContext "" { ${k} = { path = true; }; }))) keys
