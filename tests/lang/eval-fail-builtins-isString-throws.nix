builtins.isString (throw "evaluated")
