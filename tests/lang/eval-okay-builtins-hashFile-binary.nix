# Bytes are hashed as they are (NUL, UTF-8); symlinks and strings lead to the file.
[
  (builtins.hashFile "sha256" ./data-files/nul.bin)
  (builtins.hashFile "sha256" "${toString ./data-files}/unicode-é.txt")
  (builtins.hashFile "md5" ./data-files/link-to-a)
  (builtins.hashFile "sha1" (toString ./data-files/dir/exec.sh))
]
