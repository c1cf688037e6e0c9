derivation {
  name = "hello";
  builder = "/bin/sh";
  system = "x86_64-linux";
  args = [ "-c" "echo hello > $out" ];
}
