builtins.hashFile "sha256" ./data-files/no-such-file
