builtins.getAttr "a" "a string"
