# The first argument is evaluated even though its value is not used.
let s = { a = 1; }; in builtins.seq s.b 2
