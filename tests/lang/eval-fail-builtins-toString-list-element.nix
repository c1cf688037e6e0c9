toString [ "a" (x: x) ]
