# An empty pattern matches at every position, the end included; the byte after it is
# kept.
with builtins;
[
  (replaceStrings [ "" ] [ "-" ] "abc")
  (replaceStrings [ "" ] [ "-" ] "")
  (replaceStrings [ "b" "" ] [ "B" "." ] "abc")
  (replaceStrings [ "" "b" ] [ "." "B" ] "abc")
  (replaceStrings [ "c" "" ] [ "C" "." ] "abc")
  (replaceStrings [ "" ] [ "" ] "abc")
  (replaceStrings [ "" ] [ "é" ] "ü")
]
