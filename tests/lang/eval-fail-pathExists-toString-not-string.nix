# `__toString` returns a number, which is no path: the error is inside its result.
builtins.pathExists { __toString = self: 42; }
