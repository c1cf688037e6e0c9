let check = x: assert builtins.isInt x; x; in check "string"
