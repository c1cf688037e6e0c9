# The element is `splitVersion 1`, applied lazily by map and forced by the printer: its
# error is located at the call of map.
map builtins.splitVersion [ 1 ]
