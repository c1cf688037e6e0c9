# replaceStrings on arguments, patterns and replacements that are values already, and on
# ones it must force first: the same results.
let
  lazy = x: x;
in
[
  (builtins.replaceStrings [ "oo" "a" ] [ "0" "X" ] "foo")
  (builtins.replaceStrings [ "" ] [ "-" ] "abc")
  (builtins.replaceStrings [ "b" "" ] [ "B" "-" ] "abc")
  (builtins.replaceStrings [ "a" ] [ (lazy "b") ] "aa")
  (builtins.replaceStrings [ (lazy "a") ] [ "b" ] "aa")
  (builtins.replaceStrings [ "a" ] [ "b" ] (lazy "aa"))
  (builtins.replaceStrings (lazy [ "a" ]) (lazy [ "b" ]) "aa")
  (builtins.replaceStrings [ ] [ ] "abc")
  (builtins.replaceStrings [ "x" ] [ "y" ] "")
  (builtins.replaceStrings [ "" ] [ "y" ] "")
  (builtins.replaceStrings [ "ab" "a" ] [ "1" "2" ] "aab")
  (builtins.replaceStrings [ "a" "aa" ] [ "1" "2" ] "aaa")
  (builtins.replaceStrings [ "xyz" ] [ "" ] "axyzbxyzc")
]
