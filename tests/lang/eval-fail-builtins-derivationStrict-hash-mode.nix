builtins.derivationStrict {
  name = "d";
  builder = "/bin/sh";
  system = "x";
  outputHashMode = "sideways";
}
