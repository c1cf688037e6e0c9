with builtins;
[
  (groupBy (x: if x > 2 then "big" else "small") [ 1 2 3 4 ])
  (groupBy (s: if s == "apple" || s == "avocado" then "a" else "other") [ "apple" "banana" "avocado" "cherry" ])
  (groupBy (x: x.type) [ { type = "ü"; n = 1; } { type = "a"; n = 2; } { type = "ü"; n = 3; } ])
]
