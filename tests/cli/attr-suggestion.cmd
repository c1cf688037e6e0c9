1
--eval
-E
{ foo = 1; bar = 2; }
-A
fo
