# Nix reads `1.5e` as the float 1.5 followed by the variable `e`; rnix, which builds the
# syntax tree nixvm compiles, reads it as one bad token.
[ 1.5e ]
