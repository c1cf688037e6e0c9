with { x = 5; }; let f = y: x + y; in f 1
