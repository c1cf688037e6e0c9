# Arguments and bindings that select an attribute of a variable: read without a frame when
# forced if the set and the attribute are already evaluated, run as code otherwise; lazy
# either way.
let
  id = x: x;
  const = x: y: x;
  set = { a = 1; b = { c = "deep"; }; lazy = throw "never forced"; };
  forced = builtins.seq set.a set;
  later = { a = 2; };
  loop = n: acc: if n == 0 then acc else loop (n - 1) (acc + forced.a);
in
[
  (id forced.a)
  (id forced.b.c)
  (const 1 forced.missing)
  (const 2 forced.lazy)
  (id later.a)
  (loop 100 0)
  (map (s: s.a) [ forced later { a = 3; } ])
  (builtins.tryEval (id set.lazy)).success
]
