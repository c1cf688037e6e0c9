let
  hashes = f: map (algo: builtins.hashFile algo f) [ "md5" "sha1" "sha256" "sha512" ];
in
[
  (hashes ./data-files/a.txt)
  (hashes ./data-files/empty)
]
