# A set whose `outPath` string is already known coerces without help: its string and
# context are those the full coercion gives, and `__toString` still comes first.
let
  d = derivation { name = "d"; system = "x"; builder = "/bin/sh"; };
  p = { outPath = "/nix/store/00000000000000000000000000000000-p"; };
  t = { outPath = "/unused"; __toString = self: "to-string"; };
  nested = { outPath = p; };
  first = "${d}";
in
builtins.seq first [
  "${d}/bin:${p}"
  (builtins.getContext "${d}/bin")
  (builtins.attrNames (builtins.getContext "${d.dev or d}${p}"))
  (toString d == "${d}")
  (baseNameOf d)
  (builtins.substring 0 11 d)
  "${t}"
  (toString t)
  "${nested}"
  ("x" + d)
  (builtins.stringLength (d + "/y"))
]
