# An error raised 10,000 calls deep.
let f = n: if n == 0 then throw "bottom reached" else f (n - 1) + 0; in f 10000
