let a = "x"; in [ (a + "y") ("" + "") ("a" + "b" + "c") ({ outPath = "o"; } + "s") ]
