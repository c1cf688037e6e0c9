# Values of every type read from another file, and relative paths inside it.
let
  v = import ./imports/values.nix;
  r = import ./imports/relative.nix;
in
[
  v.int
  v.float
  v.string
  (v.path == ./imports/values.nix)
  v.list
  (v.fn 21)
  v.rec'.b
  (r.sibling.int == v.int)
  (r.parent == ./data-files/a.txt)
  (builtins.typeOf r.self)
]
