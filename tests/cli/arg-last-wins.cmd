0
--eval
--arg
x
1
--arg
x
2
-E
{ x }: x
