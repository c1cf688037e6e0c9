# An interpolation in a path left open.
./a/${b
