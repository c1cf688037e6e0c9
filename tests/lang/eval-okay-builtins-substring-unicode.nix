# substring works on bytes: slicing through a multi-byte character keeps only some of
# its bytes.
with builtins;
let
  s = "héllo → wörld";
in
[
  (substring 0 3 s)
  (substring 1 2 s)
  (stringLength (substring 1 1 s))
  (substring 7 3 s)
  (substring 7 (-1) s)
  (substring 0 (-5) s)
  (stringLength (substring 2 100 s))
  (substring 0 4 "💡💡")
]
