[ (1 + 2 * 3) (!true || true) (1 < 2 == true) ([1] ++ [2] ++ [3]) ({ a = 1; } // { b = 2; } // { c = 3; }) ({ a = { b = 1; }; } ? a.b) (2 - 1 - 1) (true || false && false) (false -> false -> false) ]
