let a = 1; in rec { b = 2; inherit a; c = a + b; }
