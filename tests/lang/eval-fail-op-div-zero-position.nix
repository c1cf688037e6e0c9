# Current Nix evaluates `a / b` as a call of the 'div' builtin located at the `/` (its
# corpus shows the frame "while calling the 'div' builtin" there, and the message itself
# without a position); nixvm has no such frame and locates the error at the start of the
# whole expression.
let
  a = 1;
  b = 0;
in
a / b
