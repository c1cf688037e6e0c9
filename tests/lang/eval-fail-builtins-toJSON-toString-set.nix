# A __toString that returns a set that cannot be peeled further is an error.
builtins.toJSON [ { __toString = self: { x = 1; }; } ]
