{ fromA = 1; }
