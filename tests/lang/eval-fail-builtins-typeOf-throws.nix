builtins.typeOf (throw "typeOf forces its argument")
