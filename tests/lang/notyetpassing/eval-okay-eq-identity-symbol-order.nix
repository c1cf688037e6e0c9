# Nix sets up the bindings of a scope (and the formals of a function) in the order its
# symbol table numbers their names, which is the order it first met them while parsing
# (here `a` before `b`), not the order they are written in; nixvm takes the order they are
# written in. A binding that is a sibling's variable shares the sibling's cell when the
# sibling comes first.
let
  a = x: x;
  b = a;
  first = [ a ] == [ b ];
in
{
  inherit first;
  recOrder = let r = rec { b = a; a = x: x; }; in builtins.catAttrs "a" [ r ] == builtins.catAttrs "b" [ r ];
  formals = ({ a ? b, b ? (x: x) }: [ a ] == [ b ]) { };
}
