1
--eval
-E
{ a = 1; }
--
-A
a
