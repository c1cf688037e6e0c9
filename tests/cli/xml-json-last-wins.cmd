0
--eval
--xml
--json
-E
[ 1 ]
