# An error in an if's condition is "while evaluating a branch condition", at the condition.
let
  c = throw "no condition";
in
if c then 1 else 2
