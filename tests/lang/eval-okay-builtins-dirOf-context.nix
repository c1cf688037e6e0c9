with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${p}/bin/tool" { ${p} = { path = true; }; };
in
[
  (dirOf s)
  (hasContext (dirOf s))
  (hasContext (dirOf "no/slash/here"))
  (dirOf (dirOf (dirOf s)))
]
