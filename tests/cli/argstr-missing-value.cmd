1
--eval
-E
{ x }: x
--argstr
x
