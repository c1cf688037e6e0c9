builtins.derivationStrict {
  name = "ca";
  builder = "/bin/sh";
  system = "x";
  __contentAddressed = true;
}
