0
--eval
--arg-from-stdin
x
-E
{ x }: x
