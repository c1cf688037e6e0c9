(derivation {
  name = "fo";
  builder = "/bin/sh";
  system = "x";
  outputHash = "sha256-notbase64!";
}).outPath
