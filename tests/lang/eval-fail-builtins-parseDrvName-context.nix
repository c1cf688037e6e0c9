# The name must not refer to store paths.
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo-1.0";
in
builtins.parseDrvName (builtins.appendContext p { ${p} = { path = true; }; })
