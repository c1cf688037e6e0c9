# An allOutputs dependency becomes a plain one on the derivation file; other elements are
# kept.
with builtins;
let
  drv = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
  src = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-src";
  s = appendContext drv {
    ${drv} = { allOutputs = true; outputs = [ "out" ]; };
    ${src} = { path = true; };
  };
in
[
  (getContext (unsafeDiscardOutputDependency s))
  (unsafeDiscardOutputDependency s)
  (getContext (unsafeDiscardOutputDependency "plain"))
  (unsafeDiscardOutputDependency { outPath = "out"; })
]
