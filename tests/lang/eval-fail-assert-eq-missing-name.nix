# Sets of the same size with different names: the name only the left side has.
assert { a = 1; } == { b = 1; };
null
