1
--eval
-E
{ a = { b = 1; }; }
-A
a.0
