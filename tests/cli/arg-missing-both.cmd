1
--eval
-E
{ x }: x
--arg
