with builtins;
[
  (match "ab" "abc")
  (match "abc" "abc")
  (match "a(b)(c)" "abc")
  (match "a(b)?(c)" "ac")
  (match "(.*)-([0-9]+)\\.([0-9]+)" "hello-2.10")
  (match "[[:space:]]+([[:upper:]]+)[[:space:]]+" "  FOO   ")
  (match "([a-z]+)|([0-9]+)" "123")
  (match "(a|ab)(c|bcd)(d*)" "abcd")
  (match "x{2,3}" "xxx")
  (match "x{2,3}" "xxxx")
  (match "[^/]+\\.nix" "default.nix")
  (match ".*\\.(tar\\.gz|zip)" "src-1.0.tar.gz")
  (match "(((a)))" "a")
  (match "" "")
  (match "" "a")
  (match "^abc$" "abc")
]
