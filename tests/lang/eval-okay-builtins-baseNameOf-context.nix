# The context of the argument is kept.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${p}/bin/tool" { ${p} = { path = true; }; };
in
[
  (baseNameOf s)
  (hasContext (baseNameOf s))
  (hasContext (baseNameOf ./dir5))
]
