# Counting loops written as tail recursion with an accumulator (kept shallow enough for
# evaluators without tail calls).
let
  loop = n: acc: if n == 0 then acc else loop (n - 1) (acc + n);
in
builtins.foldl' (total: i: total + loop 20000 i) 0 (builtins.genList (i: i) 50)
