# Interpolation nests: strings inside interpolations inside strings.
let x = "in"; y = 2; in
[
  "a${"b${"c${x}"}"}"
  "${toString y}${toString (y + 1)}"
  "${x}${x}"
  "${''${x}''}"
  "pre ${"${"${x}"}"} post"
  ''${"${x}"}''
]
