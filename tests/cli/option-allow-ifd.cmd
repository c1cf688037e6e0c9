0
--option
allow-import-from-derivation
false
--eval
-E
1 + 2
