# Entries as given on the command line and in NIX_PATH, relative ones kept relative.
builtins.nixPath
