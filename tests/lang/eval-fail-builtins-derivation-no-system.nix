(derivation { name = "ns"; builder = "/bin/sh"; }).drvPath
