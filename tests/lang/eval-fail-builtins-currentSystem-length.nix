# currentSystem is a string (stringLength takes it), so adding a string to its length fails.
builtins.stringLength builtins.currentSystem + "x"
