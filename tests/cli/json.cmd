1
--eval
--json
-E
{ a = [ 1 2 ]; b = "x"; }
