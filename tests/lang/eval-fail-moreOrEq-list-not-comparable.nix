# `a >= b` is `!(a < b)`; lists compare element by element, and these elements cannot.
[ 1 (x: x) ] >= [ 1 (y: y) ]
