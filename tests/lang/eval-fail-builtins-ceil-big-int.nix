# Current Nix refuses integers that older versions rounded through a float.
builtins.ceil 9007199254740993
