# getAttr says the attribute is missing, without suggestions.
builtins.getAttr "fo" { foo = 1; }
