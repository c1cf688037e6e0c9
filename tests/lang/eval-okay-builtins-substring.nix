with builtins;
let
  s = "nixos rocks";
in
[
  (substring 0 3 s)
  (substring 6 5 s)
  (substring 6 100 s)
  (substring 6 (-1) s)
  (substring 100 3 s)
  (substring 11 1 s)
  (substring 0 0 s)
  (substring 3 0 s)
  (substring 0 (stringLength s) s)
  (substring 1 1 { outPath = "xyz"; })
  (substring 0 4 { __toString = self: "abcdef"; })
  (map (i: substring i 1 "abc") (genList (i: i) 4))
]
