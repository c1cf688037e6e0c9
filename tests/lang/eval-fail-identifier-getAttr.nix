# getAttr of a missing name that is not an identifier.
builtins.getAttr "x.y" { x = 1; }
