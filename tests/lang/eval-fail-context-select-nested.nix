# A missing attribute deep in a path names the whole path, at the selection.
let
  s = { a = { b = 1; }; };
in
s.a.c
