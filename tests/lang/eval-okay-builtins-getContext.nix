with builtins;
let
  drv = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv";
  src = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-src";
  a = appendContext "a" { ${src} = { path = true; }; };
  b = appendContext "b" { ${drv} = { outputs = [ "out" "dev" ]; }; };
  c = appendContext "c" { ${drv} = { allOutputs = true; }; };
in
[
  (getContext "plain")
  (getContext a)
  (getContext b)
  (getContext c)
  (getContext "${a}${b}${c}")
  (getContext (a + b))
  (hasContext "plain")
  (hasContext a)
  (hasContext "${a}")
  (hasContext (unsafeDiscardStringContext a))
]
