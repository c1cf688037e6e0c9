builtins.hashFile "sha3" ./data-files/a.txt
