# Empty strings, "pre", leading zeros, separators only, non-ASCII bytes, and numbers too
# big for the C int CppNix parses components into (those compare as words).
with builtins;
let
  pairs = [
    [ "" "" ]
    [ "" "1" ]
    [ "" "pre" ]
    [ "pre" "a" ]
    [ "01" "1" ]
    [ "001.1" "1.01" ]
    [ "..." "-" ]
    [ "1..2" "1--2" ]
    [ "1.0" "1.0.0" ]
    [ "é" "z" ]
    [ "1é" "1z" ]
    [ "1.2147483647" "1.2" ]
    [ "1.2147483648" "1.2" ]
    [ "99999999999999999999" "1" ]
    [ "1.0 1" "1.0.1" ]
    [ "A" "a" ]
  ];
in
map (p: compareVersions (elemAt p 0) (elemAt p 1)) pairs
