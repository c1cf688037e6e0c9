# CppNix 2.8 lacks this builtin; the message is current Nix's (primops/context.cc).
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
in
builtins.addDrvOutputDependencies (builtins.appendContext p { ${p} = { outputs = [ "dev" ]; }; })
