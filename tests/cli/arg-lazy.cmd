0
--eval
--arg
x
throw "never"
-E
{ x ? 1 }: 2
