# The pieces have no context; a string without any match comes back as it is.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${p}/bin" { ${p} = { path = true; }; };
in
[
  (map (x: if isString x then hasContext x else x) (split "/" s))
  (hasContext (head (split "nothing" s)))
  (split "([0-9]+)" (concatStringsSep "," (genList toString 15)))
]
