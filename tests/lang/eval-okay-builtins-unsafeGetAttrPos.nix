with builtins;
let
  here = __curPos.file;
  s = {
    a = 1;
      b = 2;
    "ü" = 3;
  };
  p = unsafeGetAttrPos "b" s;
in
[
  (unsafeGetAttrPos "a" s == { file = here; line = 5; column = 5; })
  (p.line)
  (p.column)
  (p.file == here)
  ((unsafeGetAttrPos "ü" s).line)
]
