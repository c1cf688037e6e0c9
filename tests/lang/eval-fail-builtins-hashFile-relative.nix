builtins.hashFile "sha256" "hash-data/text"
