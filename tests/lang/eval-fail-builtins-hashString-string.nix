builtins.hashString "sha256" 12
