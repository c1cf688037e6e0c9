1
--eval
--arg
y
1
-E
{ x }: x
