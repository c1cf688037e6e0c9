builtins.all (x: x.flag) [ { flag = true; } { } ]
