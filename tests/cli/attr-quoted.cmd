0
--eval
-E
{ a."b.c" = 1; }
-A
a."b.c"
