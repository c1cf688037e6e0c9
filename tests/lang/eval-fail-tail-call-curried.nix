# A tail call with two arguments, of a function whose body is a function: Nix names the
# inner function after the outer one.
let
  g = x: y: abort "b";
  f = x: g x 2;
  h = { a }: f a;
in
h { a = 1; }
