builtins.map (xs: builtins.map (x: x.missing) xs) [ [ { present = 1; } ] ]
