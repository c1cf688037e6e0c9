builtins.sort (a: b: if a == 2 then throw "comparator failed on ${toString a}" else a < b) [ 3 2 1 ]
