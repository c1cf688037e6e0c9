builtins.filter (x: if x > 1 then throw "filter saw ${toString x}" else true) [ 1 2 3 ]
