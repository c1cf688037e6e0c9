builtins.isInt (throw "argument forced")
