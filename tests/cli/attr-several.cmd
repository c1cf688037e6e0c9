0
--eval
-E
{ a = 1; b = 2; }
-A
a
-A
b
