# An error in `__toString` says so; Nix calls `__toString` from where it is defined.
builtins.readFile {
  __toString = self: throw "no name";
}
