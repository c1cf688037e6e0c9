# Current Nix's `derivation` takes the first output with `builtins.head`; 2.8 used elemAt.
derivation { name = "x"; builder = "/bin/sh"; system = "x"; outputs = [ ]; }
