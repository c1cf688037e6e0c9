with builtins;
let
  drvs = genList (i: "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2${substring i 1 "abcdfghijk"}-d${toString i}.drv") 10;
  many = foldl' (acc: d: appendContext acc { ${d} = { outputs = [ "out" "lib" ]; path = true; }; }) "" drvs;
in
[
  (length (attrNames (getContext many)))
  (getContext many).${elemAt drvs 3}
  (getContext (substring 0 0 many) == getContext many)
  (getContext (appendContext "" { }))
]
