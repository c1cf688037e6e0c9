# Path literals: absolute, relative, home-free forms, trailing dots, and with interpolation.
let name = "a.txt"; in
[
  (builtins.typeOf ./data-files)
  (./data-files/a.txt == ./data-files/../data-files/a.txt)
  (./. == ./data-files/..)
  (/a/./b == /a/b)
  (/a/b/.. == /a)
  (builtins.typeOf ./data-files/${name})
  (./data-files/${name} == ./data-files/a.txt)
  (builtins.typeOf /${"abs"})
  (/. == /.)
]
