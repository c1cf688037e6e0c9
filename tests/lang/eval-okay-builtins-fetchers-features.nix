# Nix 2.8 has no outputOf; current Nix has it with dynamic-derivations. Expected output
# follows current Nix.
# Experimental features bring their builtins in.
[ (builtins ? fetchTree) (builtins ? fetchClosure) (builtins ? getFlake) (builtins ? outputOf) ]
