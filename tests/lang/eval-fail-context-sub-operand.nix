# `-` is a call of the `sub` builtin: its operands are forced inside that call.
let
  x = throw "left operand";
in
x - 1
