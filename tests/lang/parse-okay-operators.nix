a: b: [ (1 - 2) (-3) (!true) (a // b) (a ++ b) (a -> b) (a == b) (a != b) (a < b) (a > b) (a <= b) (a >= b) (a ? b.c) (a.b.c or 1) (a + b * 2) ]
