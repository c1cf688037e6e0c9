# The separator's context is kept even if it is never used.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-sep";
  q = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-item";
  sep = appendContext "," { ${p} = { path = true; }; };
  item = appendContext "item" { ${q} = { path = true; }; };
in
[
  (attrNames (getContext (concatStringsSep sep [ ])))
  (attrNames (getContext (concatStringsSep sep [ "x" ])))
  (attrNames (getContext (concatStringsSep "," [ "x" item ])))
  (concatStringsSep sep [ "a" item ])
]
