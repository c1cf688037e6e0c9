x: y: d: { a.b.c = 1; inherit x; inherit (y) z w; "q" = 2; ${d} = 3; e = { }; }
