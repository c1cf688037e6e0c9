with builtins;
let
  drv = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
  src = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-src";
  s = appendContext "text" {
    ${src} = { path = true; };
    ${drv} = { path = false; allOutputs = true; outputs = [ "out" "bin" "out" ]; };
  };
  # Round trip: a string equals its bytes with its own context appended.
  eta = x: appendContext (unsafeDiscardStringContext x) (getContext x);
in
[
  s
  (getContext s)
  (getContext (appendContext s { }))
  (getContext (appendContext "" { ${src} = { }; }))
  (getContext (appendContext "" { ${drv} = { outputs = [ ]; path = false; allOutputs = false; }; }))
  (getContext (eta s) == getContext s)
  (eta s == s)
  (getContext (appendContext (appendContext "x" { ${src} = { path = true; }; }) { ${src} = { path = true; }; }))
]
