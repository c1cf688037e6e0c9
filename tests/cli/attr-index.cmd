0
--eval
-E
{ a = [ 1 2 ]; }
-A
a.1
