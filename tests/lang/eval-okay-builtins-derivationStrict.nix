builtins.derivationStrict {
  name = "strict";
  builder = "/bin/sh";
  system = "x86_64-linux";
  outputs = [ "bin" "out" ];
}
