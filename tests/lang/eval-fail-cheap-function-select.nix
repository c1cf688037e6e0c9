# A function selecting an attribute of its argument reports a missing one.
builtins.sort (a: b: a.k < b.k) [ { k = 1; } { j = 2; } ]
