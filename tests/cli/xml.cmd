0
--eval
--xml
-E
{ a = [ 1 2 ]; b = "x"; }
