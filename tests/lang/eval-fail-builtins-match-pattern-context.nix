let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
in
builtins.match (builtins.appendContext "a" { ${p} = { path = true; }; }) "a"
