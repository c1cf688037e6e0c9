# What interpolation accepts: strings, paths (copied to the store), and sets with outPath
# or __toString.
let
  drvLike = { outPath = "/some/out"; };
  printable = { __toString = self: "printed"; };
in
[
  "${drvLike}"
  "${printable}"
  "${{ outPath = { outPath = "nested"; }; }}"
  "${"plain"}"
]
