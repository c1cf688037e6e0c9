# Current Nix counts each level of nesting that toJSON walks against max-call-depth (the
# flags set it to 5): the value at the sixth level fails, at the attribute of its list.
# Nix 2.8 has no such limit in toJSON and prints the JSON (see oracle-known-differences).
builtins.toJSON { a = [ [ { b = [ [ 1 ] ]; } ] ]; }
