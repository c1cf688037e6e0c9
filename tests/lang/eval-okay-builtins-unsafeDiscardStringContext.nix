with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext "${p}/bin" { ${p} = { path = true; }; };
in
[
  (unsafeDiscardStringContext s)
  (hasContext (unsafeDiscardStringContext s))
  (unsafeDiscardStringContext "plain")
  (unsafeDiscardStringContext "")
  (unsafeDiscardStringContext { outPath = s; })
  (hasContext (unsafeDiscardStringContext { __toString = self: s; }))
  (unsafeDiscardStringContext s == s)
]
