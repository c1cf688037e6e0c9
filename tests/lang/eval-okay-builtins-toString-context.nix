# toString keeps contexts and does not copy paths to the store.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext p { ${p} = { path = true; }; };
in
[
  (hasContext (toString s))
  (hasContext (toString [ "a" s ]))
  (hasContext (toString ./dir5))
  (toString ./dir5 == "${toString ./.}/dir5")
]
