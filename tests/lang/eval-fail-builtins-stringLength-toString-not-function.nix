# A `__toString` that is not a function is reported where it is defined.
builtins.stringLength { __toString = 1; }
