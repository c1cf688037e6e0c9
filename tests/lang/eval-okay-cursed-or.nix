# `f or` as an element of a list or an argument calls `f` with the variable `or`; Nix will
# change what that means, and warns. `map or [ ]` (`or` as an argument itself) and
# `(f or)` in parentheses are not affected.
let
  or = 1;
  id = x: x;
  one = builtins.length [ id or ];
  two = builtins.length (id [ id or ]);
  fine = map (x: x) [ (id or) ];
in
[ one two fine ]
