# nixvm --eval --xml: a derivation and a repeated one.
let
  d = {
    type = "derivation";
    drvPath = "/nix/store/x.drv";
    outPath = "/nix/store/x";
    name = "x";
  };
in
{ first = d; second = d; }
