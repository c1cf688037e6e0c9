with builtins;
let
  algos = [ "md5" "sha1" "sha256" "sha512" ];
  inputs = [ "" "abc" "The quick brown fox jumps over the lazy dog" ];
in
concatLists (map (a: map (hashString a) inputs) algos)
