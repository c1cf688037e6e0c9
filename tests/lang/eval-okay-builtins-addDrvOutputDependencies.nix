# CppNix 2.8 (the oracle) has no addDrvOutputDependencies; the expectation follows
# current Nix's primops/context.cc: the one element, a derivation file, becomes an
# allOutputs dependency, and a string that already has one is returned as it is.
with builtins;
let
  drv = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
  plain = appendContext drv { ${drv} = { path = true; }; };
  deep = appendContext drv { ${drv} = { allOutputs = true; }; };
in
[
  (getContext (addDrvOutputDependencies plain))
  (getContext (addDrvOutputDependencies deep))
  (addDrvOutputDependencies plain == plain)
  (getContext (unsafeDiscardOutputDependency (addDrvOutputDependencies plain)))
  (addDrvOutputDependencies (addDrvOutputDependencies plain) == addDrvOutputDependencies plain)
]
