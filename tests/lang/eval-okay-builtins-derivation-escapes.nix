# Arguments and the environment are escaped in the .drv; values are coerced like toString.
derivation {
  name = "esc";
  builder = "/bin/sh";
  system = "x86_64-linux";
  args = [ "-c" "echo \"quoted\"\n\ttab\\back" 1 true null [ 1 [ 2 3 ] ] 1.5 ];
  unicode = "héllo ✓";
  int = 42;
  float = 0.1;
  bool = false;
  nil = null;
  list = [ "a" [ "b" ] "" ];
  path = ./data-files/a.txt;
  weird = "a\rb$c${"{"}d";
}
