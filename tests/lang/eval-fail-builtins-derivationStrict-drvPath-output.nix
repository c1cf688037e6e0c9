# Current Nix refuses an output named drvPath (it would clash with the drvPath attribute);
# Nix 2.8 accepted it.
builtins.derivationStrict {
  name = "d";
  builder = "/bin/sh";
  system = "x";
  outputs = [ "out" "drvPath" ];
}
