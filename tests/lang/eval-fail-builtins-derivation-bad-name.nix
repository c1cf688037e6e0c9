(derivation { name = "a b"; builder = "/bin/sh"; system = "x"; }).outPath
