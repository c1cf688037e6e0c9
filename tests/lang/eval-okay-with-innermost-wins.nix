with { x = 1; y = 10; }; with { x = 2; }; x + y
