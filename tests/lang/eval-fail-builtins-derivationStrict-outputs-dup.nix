builtins.derivationStrict {
  name = "d";
  builder = "/bin/sh";
  system = "x";
  outputs = [ "out" "dev" "out" ];
}
