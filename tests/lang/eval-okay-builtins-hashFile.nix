with builtins;
let
  files = [ ./hash-data/text ./hash-data/empty ./hash-data/binary ];
in
concatLists (map (a: map (hashFile a) files) [ "md5" "sha1" "sha256" "sha512" ])
