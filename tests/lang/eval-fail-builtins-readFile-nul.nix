# A file with a NUL byte cannot be a Nix string.
builtins.readFile ./data-files/nul.bin
