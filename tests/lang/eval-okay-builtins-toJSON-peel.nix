# How builtins.toJSON peels sets: __toString wins over outPath, a __toString result may be
# another set to peel, outPath may lead to a set printed as an object or to any value, and a
# path is copied to the store unless it came from __toString.
{
  toStringFirst = builtins.toJSON {
    __toString = self: "won";
    outPath = abort "unused";
  };
  toStringToOutPath = builtins.toJSON { __toString = self: { outPath = "deep"; }; };
  toStringChain = builtins.toJSON {
    __toString = self: self.inner;
    inner = { __toString = self: "inner"; };
  };
  outPathObject = builtins.toJSON { outPath = { b = 2; a = 1; }; };
  outPathInt = builtins.toJSON { outPath = 42; };
  outPathList = builtins.toJSON { outPath = [ 1 { outPath = "x"; } ]; };
  outPathNested = builtins.toJSON { outPath = { outPath = "twice"; }; };
  pathCopied = builtins.toJSON [ ./dir4/dir4-file.nix ];
  pathViaOutPath = builtins.toJSON { outPath = ./dir4/dir4-file.nix; };
  pathViaToString = builtins.toJSON { __toString = self: ./dir4/dir4-file.nix; };
}
