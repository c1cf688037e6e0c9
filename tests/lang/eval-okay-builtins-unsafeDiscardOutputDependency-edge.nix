# Only allOutputs elements change; a string with none keeps its context as it is.
with builtins;
let
  drv = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
  out = appendContext "o" { ${drv} = { outputs = [ "out" ]; }; };
  both = appendContext "b" { ${drv} = { allOutputs = true; path = true; }; };
in
[
  (getContext (unsafeDiscardOutputDependency out))
  (getContext (unsafeDiscardOutputDependency both))
  (getContext (unsafeDiscardOutputDependency (unsafeDiscardOutputDependency both)))
  (unsafeDiscardOutputDependency "")
]
