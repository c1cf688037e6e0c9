builtins.groupBy (x: throw "groupBy key of ${toString x}") [ 1 ]
