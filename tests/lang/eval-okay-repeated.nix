let a = { x = 1; }; l = [ 1 ]; in [ a a l l { inner = a; } ]
