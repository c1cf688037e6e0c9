# unsafeGetAttrPos of attributes defined through a path (`a.b.c = …`): as in Nix, each has
# the position of the whole binding.
let
  s = {
    a.b.c = 1;
    a.b.d = 2;
  };
in
[
  (builtins.unsafeGetAttrPos "c" s.a.b).column
  (builtins.unsafeGetAttrPos "d" s.a.b).line
  (builtins.unsafeGetAttrPos "b" s.a).line
]
