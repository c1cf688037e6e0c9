0
--eval
--xml
--strict
--no-location
-E
{ a = [ 1 (1 + 1) ]; f = x: x; }
