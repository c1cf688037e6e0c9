# The right operand of `&&` must be a Boolean: the error is at that operand.
let
  yes = "yes";
in
true && yes
