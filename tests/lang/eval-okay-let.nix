let a = 1; b = a + 1; c = d * 2; d = b + 1; in [ a b c d ]
