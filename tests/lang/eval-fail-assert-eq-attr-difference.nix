# A failed `assert a == b` says where the two sides first differ.
let
  left = { name = "x"; tags = [ "a" "b" ]; };
  right = { name = "x"; tags = [ "a" "c" ]; };
in
assert left == right;
true
