# Nested lists are flattened with spaces; empty lists add no space after them.
with builtins;
[
  (toString [ ])
  (toString [ [ ] ])
  (toString [ [ ] "a" ])
  (toString [ "a" [ ] "b" ])
  (toString [ "a" [ "b" [ "c" [ ] ] ] "d" ])
  (toString [ null null "x" ])
  (toString [ { __toString = s: [ 1 2 ]; } ])
  (toString { __toString = s: { __toString = s: "deep"; }; })
  (toString { outPath = { outPath = "deeper"; }; })
  (stringLength (toString (genList (i: i) 10000)))
]
