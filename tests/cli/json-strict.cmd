0
--eval
--json
--strict
-E
{ a = [ 1 (1 + 1) ]; b = { c = null; }; }
