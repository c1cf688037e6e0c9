# Bytes, not characters: "." matches one byte of a multi-byte character. Group captures
# follow libstdc++'s std::regex, which Nix uses.
with builtins;
[
  (match "é(.)" "éü")
  (match "é(..)" "éü")
  (match "(.*)" "")
  (match "(a*)*" "aa")
  (match "(a*)+" "b")
  (match "(a|b)*" "abab")
  (match "([0-9]+)(-pre)?" "123")
  (match ".*" (concatStringsSep "" (genList (i: "x") 100000)))
  (match "(x*)y" (concatStringsSep "" (genList (i: "x") 50000)))
  (match "a.c" "a\nc")
  (match "[[:alpha:]]+([[:digit:]]+)[[:punct:]]" "abc123!")
  (match "\\(([^)]*)\\)" "(inner)")
]
