# A __toString (here reached through outPath) must return a string or a path.
builtins.toJSON {
  outPath = {
    __toString = self: 7;
  };
}
