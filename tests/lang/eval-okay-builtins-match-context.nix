# The captured strings have no context.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${p}/bin" { ${p} = { path = true; }; };
  m = match "(.*)/bin" s;
in
[
  m
  (hasContext (head m))
]
