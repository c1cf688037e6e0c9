# nixvm --eval --json prints floats as current Nix does (CppNix 2.8 used %g).
[ 1.0 0.1 1.0e20 ]
