# Functions and calls whose code is made when first run see what they would have seen:
# variables of every enclosing scope, `with`, `rec`, builtins bound by `inherit`, formals'
# defaults, and their own positions.
let
  pkgs = { a = 1; b = 2; c = 3; };
  inherit (builtins) map length;
  pos = __curPos;
  make = { base, extra ? base + 1 }:
    let
      doubled = map (x: x * 2) [ base extra ];
      here = __curPos;
    in with pkgs; rec {
      inherit base extra;
      total = a + b + c + base + extra + length doubled;
      sum = builtins.foldl' (x: y: x + y) 0 doubled;
      line = here.line;
      column = here.column;
      self = total + sum;
    };
  shared = let x = 10; y = 20; z = 30; in {
    big = builtins.concatStringsSep "," (map toString [ x y z (x + y + z) ]);
    other = builtins.concatStringsSep "," (map toString [ z y x ]);
  };
  set = rec {
    u = builtins.length [ v w ] + builtins.stringLength (toString v) + w;
    v = 5;
    w = builtins.add v (builtins.mul v 2);
  };
  elaborate = args: let
    final = {
      parsed = builtins.concatStringsSep "-" [ args.system "unknown" "linux" ];
      system = builtins.head (builtins.split "-" final.parsed);
      config = builtins.replaceStrings [ "unknown" ] [ "pc" ] final.parsed;
    };
  in final;
in [ (make { base = 4; }) shared.big shared.other set.u pos.line (elaborate { system = "x86_64"; }) ]
