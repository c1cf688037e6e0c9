let s = { a = 1; "b c" = 2; }; k = "a"; in [ s.${k} s."b c" s.${"b" + " c"} (s.${"z"} or 7) ]
