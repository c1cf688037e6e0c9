# The body of `let` is evaluated in the let's scope; a `rec` set inside sees both.
let a = 1; in
rec {
  b = a + 1;
  c = b + a;
  a' = a;
}
