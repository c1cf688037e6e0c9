with builtins;
[
  (ceil 1.5)
  (floor 1.5)
  (ceil (-1.5))
  (floor (-1.5))
  (ceil 2.0)
  (floor 3)
  (ceil 0.000001)
  (floor (-0.000001))
]
