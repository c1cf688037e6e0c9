builtins.appendContext "x" {
  "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo" = { outputs = [ "out" ]; };
}
