# The .drv file of a derivation can be read back, as in Nix with a store: nixvm keeps its
# text in memory (the oracle's dummy store cannot).
# oracle: local-store
let
  dep = derivation { name = "dep"; builder = "/bin/sh"; system = "x"; outputs = [ "out" "man" ]; };
  d = derivation {
    name = "drv-file";
    builder = "/bin/sh";
    system = "x86_64-linux";
    args = [ "-c" "echo \"${dep.man}\" > $out" ];
    src = ./data-files/dir;
    text = "line 1\nline 2\ttab";
  };
in
[ (builtins.readFile d.drvPath) (builtins.readFile dep.drvPath) ]
