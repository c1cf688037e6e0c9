# Nested conditionals, else-if chains, and conditions computed from values.
let classify = n: if n < 0 then "negative" else if n == 0 then "zero" else if n < 10 then "small" else "large"; in
[ (classify (-5)) (classify 0) (classify 3) (classify 100) (if (if true then false else true) then 1 else 2) ]
