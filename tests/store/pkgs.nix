# A small package set for the instantiation tests (eval/tests/store.rs): derivations
# depending on each other, a fixed-output one, one with two outputs, one with structured
# attributes, a `toFile`, a copied source directory, a filtered one, a named one with a
# filter, and a flat copy of a file.
let
  system = builtins.currentSystem;
  builder = "/bin/sh";
  script = builtins.toFile "build.sh" ''
    echo "$message" > $out
  '';
  src = ./src;
  filtered = builtins.filterSource (path: type: baseNameOf path != "skip.txt") ./src;
  named = builtins.path {
    path = ./src;
    name = "named-src";
    filter = path: type: type != "symlink";
  };
  flat = builtins.path {
    path = ./src/data.txt;
    recursive = false;
  };
  fixed = derivation {
    name = "fixed";
    inherit system builder;
    args = [ "-c" "printf fixed > $out" ];
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "992a93455c71fedd36ac9bbc439952c041cf61445958472af479269b8d873513";
  };
  base = derivation {
    name = "base";
    inherit system builder;
    args = [ script ];
    message = "base\twith \"quotes\" and a\nnewline";
  };
  multi = derivation {
    name = "multi";
    outputs = [ "out" "dev" ];
    inherit system builder;
    args = [ "-c" "echo > $out; echo > $dev" ];
  };
  top = derivation {
    name = "top";
    inherit system builder;
    args = [ "-c" "echo ${base} ${fixed} ${src} ${filtered} > $out" ];
    deps = [ base fixed multi.dev ];
    inherit src filtered named flat;
    interpolated = "${./src/sub}";
  };
  structured = derivation {
    name = "structured";
    __structuredAttrs = true;
    inherit system builder;
    args = [ "-c" "true" ];
    list = [ 1 "two" base { nested = top; } ];
  };
in
{
  inherit base fixed top structured;
  dev = multi.dev;
  more = {
    recurseForDerivations = true;
    inherit multi;
  };
}
