let s = { self = s; v = 1; }; in s
