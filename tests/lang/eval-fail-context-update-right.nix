# `//` evaluates its operands with a context line at each operand.
{ a = 1; } // (throw "right side")
