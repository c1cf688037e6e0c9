builtins.hashFile "sha256" ./hash-data/no-such-file
