# floor of floats and ints, including negatives and exact values.
with builtins;
[
  (floor 1.5)
  (floor (-1.5))
  (floor 2.0)
  (floor 0.0)
  (floor 7)
  (floor (-0.1))
  (ceil (-0.1))
]
