builtins.stringLength { __toString = self: throw "no string here"; }
