# A number too large for a float is an error.
builtins.fromJSON "[1e400]"
