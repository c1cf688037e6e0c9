# Pointer equality as Nix has it: a list element or attribute value that is the same cell
# on both sides is equal to itself, functions included. Variables share their cell
# (let aliases, inherit, function arguments); a selection, a call or a `with` makes a new one;
# two operands of `==` are never one cell.
let
  f = x: x;
  g = f;
  s = { inherit f; h = f; };
  l = [ f ];
  t = s;
  id = x: x;
in {
  listAlias = [ f ] == [ g ];
  listSelf = [ f ] == [ f ];
  direct = f == f;
  setAlias = { a = f; } == { a = g; };
  inherit1 = { inherit f; } == { inherit f; };
  sel = [ s.f ] == [ s.f ];
  selVsVar = [ s.f ] == [ f ];
  viaSet = s == t;
  viaList = l == l;
  inheritFrom = { inherit (s) f; } == { inherit (s) f; };
  arg = (x: [ x ] == [ f ]) f;
  argSet = ({ a }: [ a ] == [ f ]) { a = f; };
  call = [ (id f) ] == [ f ];
  nested = [ [ f ] ] == [ [ f ] ];
  nestedSet = { a = { b = f; }; } == { a = { b = f; }; };
  recSet = let r = rec { a = x: x; b = a; }; in [ r.a ] == [ r.b ];
  recSet2 = let r = rec { a = x: x; b = a; }; in r == { inherit (r) a b; };
  letOrder = let p = q; q = x: x; in [ p ] == [ q ];
  builtinFn = [ builtins.head ] == [ builtins.head ];
  builtinVar = let h = builtins.head; in [ h ] == [ h ];
  attrValues = builtins.attrValues { a = f; } == [ f ];
  headOf = [ (builtins.head [ f ]) ] == [ f ];
  tailOf = builtins.tail [ 1 f ] == [ f ];
  withVar = with { w = x: x; }; [ w ] == [ w ];
  update = (s // { }) == s;
  primop = let p = builtins.add 1; in [ p ] == [ p ];
  filterL = builtins.filter (x: true) [ f ] == [ f ];
  concat = [ f ] ++ [ ] == [ f ];
  mapA = builtins.mapAttrs (n: v: v) { a = f; } == { a = f; };
}
