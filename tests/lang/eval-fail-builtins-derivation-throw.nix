# An error in an attribute says which attribute of which derivation it came from.
(derivation { name = "t"; builder = "/bin/sh"; system = "x"; boom = throw "kaboom"; }).outPath
