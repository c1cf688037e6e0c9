# Lists of different lengths are reported with both sides.
assert [ 1 2 ] == [ 1 ];
null
