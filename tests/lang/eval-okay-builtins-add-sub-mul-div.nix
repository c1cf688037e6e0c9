# The arithmetic builtins behave as the operators, on ints and floats.
with builtins;
[
  (add 1 2)
  (add 1 0.5)
  (sub 10 4)
  (sub 1.5 2)
  (mul 6 7)
  (mul 2 0.25)
  (div 7 2)
  (div (-7) 2)
  (div 7.0 2)
  (div 1 4.0)
  (map (add 10) [ 1 2 ])
]
