# Large floats within range, negative zero, integers returned as they are.
with builtins;
[
  (ceil 9007199254740992.0)
  (floor (-9007199254740992.0))
  (ceil 1.0e18)
  (floor (-0.0))
  (ceil 42)
  (floor (-42))
  (floor 4611686018427387904.0)
]
