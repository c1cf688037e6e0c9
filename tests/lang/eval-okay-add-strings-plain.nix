# `+` on strings, on a set whose outPath is known and a string, and on a path and a
# string: the same result whether or not the operands needed evaluating first.
let
  d = { outPath = "/nix/store/00000000000000000000000000000000-d"; };
  drv = derivation { name = "d"; system = "x"; builder = "/bin/sh"; };
  lazy = x: x;
  s = "${drv}";
in
[
  ("a" + "b")
  ("" + "")
  (lazy "a" + lazy "b")
  (d + "/bin")
  ("x" + d)
  (d + d)
  (s + "/bin")
  (builtins.getContext (s + "/bin"))
  (builtins.getContext ("/bin" + drv))
  (builtins.getContext (drv.outPath + drv.drvPath))
  (/foo + "/bar/../baz")
  (/foo + "")
  (/foo + "bar")
  (/. + "a//b/./c")
  (toString (/foo/bar + "/.."))
  ({ __toString = _: "t"; outPath = "/o"; } + "x")
  ("x" + { __toString = _: "t"; })
]
