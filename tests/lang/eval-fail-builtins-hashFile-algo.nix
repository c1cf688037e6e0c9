builtins.hashFile "crc32" ./hash-data/text
