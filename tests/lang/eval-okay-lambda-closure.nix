let mk = n: x: x + n; add5 = mk 5; add7 = mk 7; in [ (add5 1) (add7 1) ]
