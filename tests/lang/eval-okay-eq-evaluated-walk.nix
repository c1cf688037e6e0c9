# `==` and `elem` on values already evaluated (decided without the VM) keep Nix's rules:
# one cell is equal to itself once forced (a function, a NaN), two derivations compare by
# outPath, the first difference decides before anything later is forced.
let
  f = x: x;
  g = f;
  s = { a = x: x; b = { f = x: x; }; };
  nan = (builtins.fromTOML "x = nan").x;
  drvA = { type = "derivation"; outPath = "/a"; x = 1; };
  drvB = { type = "derivation"; outPath = "/a"; x = 2; };
  drvC = { type = let t = "derivation"; in t; outPath = "/a"; y = throw "never"; };
  l = [ 1 "a" { a = 1; b = [ 2 3 ]; } ];
  forced = builtins.seq (builtins.deepSeq l l) l;
in [
  (builtins.elem f [ f ])
  (builtins.elem f [ g ])
  (builtins.elem s [ s ])
  (builtins.elem s.a [ s.a ])
  (builtins.elem s.b [ s.b ])
  (builtins.elem s.b [ 1 s.b ])
  ([ f ] == [ f ])
  ([ s.a ] == [ s.a ])
  (s == s)
  ({ inherit f; } == { inherit f; })
  ({ inherit (s) a; } == { inherit (s) a; })
  (let x = { a = f; }; in [ x ] == [ x ])
  (drvA == drvB)
  (drvA == drvC)
  (builtins.elem drvA [ drvB ])
  (builtins.elem drvC [ 1 drvA ])
  (forced == [ 1 "a" { a = 1; b = [ 2 3 ]; } ])
  (forced == [ 1 "a" { a = 1; b = [ 2 4 ]; } ])
  ([ 1 (throw "x") ] == [ 2 (throw "y") ])
  ({ a = 1; b = throw "x"; } == { a = 2; b = throw "y"; })
  (builtins.elem { a = 1; b = [ 2 ]; } [ { a = 1; b = [ 3 ]; } { a = 1; b = [ 2 ]; } ])
  (builtins.elem [ f ] [ [ f ] ])
  (builtins.elem 1 [ 1.0 ])
  (builtins.elem null [ [] {} ])
  (let n = [ nan ]; in builtins.elem n [ n ])
  (let n = { x = nan; }; in n == n)
  ([ nan ] == [ nan ])
]
