# How Nix splits digits and dots: `1.` and `.5` are floats, `00.5` is the integer 0
# applied to the float .5, `1e5` is 1 applied to `e5`.
[ 1. .5 1.e2 (00.5) (e5: 1e5) 2.5E-3 ]
