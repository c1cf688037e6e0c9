builtins.derivationStrict { builder = "/bin/sh"; system = "x"; }
