# Comparing a set with itself still forces its attributes, in order.
let s = { a = 1; b = throw "b is forced"; c = throw "c is not reached"; }; in s == s
