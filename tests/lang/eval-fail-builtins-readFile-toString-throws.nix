# An error while calling `__toString` says so, where `__toString` is defined. (No .err.exp:
# Nix puts the call site of `__toString` at the attribute, nixvm at the builtin call.)
builtins.readFile {
  __toString = self: throw "no name";
}
