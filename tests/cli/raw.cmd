0
--eval
--raw
-E
"a\nb"
