# `!` on a non-Boolean: the error is at the operand (here, the `+`), as is its context line.
!(1 + 1)
