0
--eval
-E
{ x }: x
