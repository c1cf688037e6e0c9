let d1 = { type = "derivation"; outPath = "/p"; x = 1; }; d2 = { type = "derivation"; outPath = "/p"; x = 2; }; in [ (d1 == d2) (d1 == d1 // { outPath = "/q"; }) ]
