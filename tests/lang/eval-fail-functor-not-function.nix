let s = { __functor = 1; }; in s 2
