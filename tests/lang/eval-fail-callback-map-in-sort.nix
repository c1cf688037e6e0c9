# A throw inside map's function, itself called from sort's comparator.
builtins.sort (a: b: builtins.head (builtins.map (x: if x == 3 then throw "three seen in map" else x < b) [ a ])) [ 1 2 3 4 ]
