# The file may be named by a string holding an absolute path, or by a set with outPath.
with builtins;
[
  (hashFile "sha256" "${toString ./hash-data}/text")
  (hashFile "sha256" { outPath = toString ./hash-data/text; })
  (hashFile "sha256" ./hash-data/text == hashString "sha256" "hello world\n")
  (hashFile "md5" (./hash-data + "/binary"))
]
