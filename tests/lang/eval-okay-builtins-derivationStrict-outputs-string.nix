# Without structured attributes, `outputs` is a string of names split at whitespace.
builtins.attrNames (builtins.derivationStrict {
  name = "s";
  builder = "/bin/sh";
  system = "x";
  outputs = " bin\tdev\nout  ";
})
