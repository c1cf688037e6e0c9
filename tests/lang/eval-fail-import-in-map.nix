builtins.map (f: import f) [ ./imports/values.nix ./imports/throws.nix ]
