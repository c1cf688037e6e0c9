# Calls and functions inside a body compiled on first use are checked once, with the body
# around them, and still see what they would have seen when their own code is made:
# names the body binds, names of the scopes around it, `with` scopes inside the call, inside
# the body and around it, shadowing inside the call, and functions nested two deep.
let
  outside = 100;
  ns = { fromWith = 1; shadowed = "from with"; };
  inner = { onlyInner = 7; };
  set = with ns; { pkgs, extra ? outside + fromWith }:
    let
      local = pkgs.base * 2;
      shadowed = "from let";
      twice = x: x * 2;
    in with pkgs; {
      a = builtins.add (twice local) (builtins.mul outside fromWith);
      b = builtins.concatStringsSep "," [ shadowed (toString base) (toString extra) ];
      c = builtins.add (with inner; onlyInner * 10) (let local = 1; in local + outside);
      d = builtins.concatStringsSep "+" (map (p: "${p}:${toString local}") [ "x" "y" ]);
      e = let f = y: builtins.concatStringsSep "/" [ (toString (builtins.add y local)) shadowed (toString fromPkgs) ];
        in f 3;
      g = builtins.length (builtins.filter (x: x > local) [ 1 5 10 20 outside ]);
      h = (z: builtins.add z (builtins.mul local (with inner; onlyInner + base + fromWith))) 1;
    };
  s = set { pkgs = { base = 3; fromPkgs = "pkgs"; }; };
in [ s.a s.b s.c s.d s.e s.g s.h ]
