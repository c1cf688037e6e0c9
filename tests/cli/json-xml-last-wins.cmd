0
--eval
--json
--xml
-E
[ 1 ]
