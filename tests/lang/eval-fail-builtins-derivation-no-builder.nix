(derivation { name = "nb"; system = "x"; }).outPath
