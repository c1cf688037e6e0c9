{ a = 1; foo = 2; }.fo
