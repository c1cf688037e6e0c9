# Large and context-carrying strings.
with builtins;
let
  big = concatStringsSep "" (genList (i: "0123456789") 100000);
  withCtx = appendContext "abc" { "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo" = { path = true; }; };
in
[
  (stringLength big)
  (stringLength (big + big))
  (stringLength withCtx)
  (stringLength "${withCtx}${withCtx}")
  (stringLength (substring 3 5 big))
]
