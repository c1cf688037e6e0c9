# deepSeq on a value with shared parts and on a long list.
with builtins;
let
  shared = { a = 1; };
  big = genList (i: { inherit i; s = shared; }) 10000;
in
deepSeq big (length big)
