let a = 1; b = { c = a + 2; }; in if a < 2 then b.c or 3 else [ a "s${toString a}" ./rel ]
