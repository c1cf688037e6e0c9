# builtins.toXML prints a derivation's attributes only the first time its drvPath is seen;
# later ones, and derivations without a drvPath, are <repeated />.
let
  drv = {
    type = "derivation";
    name = "hello";
    drvPath = "/nix/store/aaaa-hello.drv";
    outPath = "/nix/store/bbbb-hello";
  };
in
builtins.toXML [
  drv
  drv
  { inherit (drv) type name; }
  { nested = drv // { drvPath = "/nix/store/cccc-other.drv"; }; }
]
