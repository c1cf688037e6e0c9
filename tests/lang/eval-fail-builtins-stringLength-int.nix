# Only interpolation's coercions: an integer is not a string.
builtins.stringLength 42
