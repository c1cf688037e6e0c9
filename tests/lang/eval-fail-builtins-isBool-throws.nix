builtins.isBool (throw "isBool forces its argument")
