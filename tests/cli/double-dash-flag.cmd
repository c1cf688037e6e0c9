0
--eval
--
--strict
-E
[ (1 + 1) ]
