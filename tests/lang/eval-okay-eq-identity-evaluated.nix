# A cell already evaluated is equal to itself without being looked into again: a set against
# an update of itself, once its attributes are forced (one of them a function, which only
# its own cell equals), and the same comparison before anything is forced.
let
  mk = _: { f = builtins.head [ (x: x) ]; n = 1 + 1; l = [ (2 + 2) ]; };
  s = mk 0;
  fresh = mk 1;
in
{
  forcedFirst = builtins.seq s.f (builtins.seq s.n (builtins.seq s.l (s == s // { })));
  unforced = fresh == fresh // { };
  other = s == mk 2;
}
