# A tail call from a thunk's body, a function with formals and a __functor, mixed with
# ordinary calls.
let
  s = { __functor = self: x: if x > 2 then abort "deep" else self (x + 1); };
  f = { n }: s n;
  r = f { n = 0; };
  k = x: r;
in
k null
