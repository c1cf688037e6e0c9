# The result keeps the string's context, even when it is empty.
with builtins;
let
  path = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${path}/bin/foo" { ${path} = { path = true; }; };
in
[
  (hasContext (substring 0 5 s))
  (hasContext (substring 0 0 s))
  (hasContext (substring 1000 10 s))
  (getContext (substring 0 0 s) == getContext s)
  (substring 0 0 s + "x")
  (hasContext (substring 0 0 "plain"))
]
