# Nix reads `1.5e` as the float 1.5 followed by the variable `e`.
[ 1.5e ]
