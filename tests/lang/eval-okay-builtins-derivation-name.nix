# Any valid store path name works, including dots, `+`, `?` and `=`.
map (name: (derivation { inherit name; builder = "/bin/sh"; system = "x"; }).outPath) [
  "a"
  ".hidden"
  "..x"
  "a+b-1.2_3?=x"
  "Z9"
]
