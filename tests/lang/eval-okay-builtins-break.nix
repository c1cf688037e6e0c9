# CppNix 2.8 has no break; current Nix returns its argument when there is no debugger.
[
  (break 1)
  (break "ü")
  (break [ 1 2 ])
  ((break (x: x * 2)) 21)
]
