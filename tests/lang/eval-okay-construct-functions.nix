# Functions whose body only builds a list, set or function: applied by map, genList,
# foldl', directly, curried, and with thunks inside that read the argument.
let
  pairs = map (n: { name = n; value = n + 1; }) [ 1 2 3 ];
  sets = builtins.genList (k: { key = k; twice = k * 2; }) 4;
  lists = map (x: [ x x ]) [ "a" "b" ];
  adders = map (x: y: x + y) [ 10 20 ];
  curried = (a: b: { inherit a b; }) 1 2;
  nested = (x: { inner = { again = [ x ]; }; f = y: x + y; }) 5;
  direct = (k: { key = k; }) 7;
  folded = builtins.foldl' (acc: x: acc ++ [ x ]) [ ] [ 1 2 ];
  lazy = (x: { ok = 1; bad = x.missing; }) { };
in
{
  inherit pairs sets lists curried direct folded;
  added = map (f: f 1) adders;
  nested = [ nested.inner.again (nested.f 1) ];
  lazyOk = lazy.ok;
  same = (x: x) 3;
}
