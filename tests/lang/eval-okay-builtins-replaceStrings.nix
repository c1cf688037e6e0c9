with builtins;
[
  (replaceStrings [ "oo" "a" ] [ "a" "i" ] "foobar")
  (replaceStrings [ "a" ] [ "A" ] "banana")
  (replaceStrings [ "ana" ] [ "[ana]" ] "banana")
  (replaceStrings [ "&" "<" ">" ] [ "&amp;" "&lt;" "&gt;" ] "<a href=\"x&y\">")
  (replaceStrings [ "x" ] [ "y" ] "")
  (replaceStrings [ ] [ ] "unchanged")
  (replaceStrings [ "not there" ] [ "!" ] "unchanged")
  # The first pattern in the list that matches wins, not the longest.
  (replaceStrings [ "a" "ab" ] [ "1" "2" ] "abab")
  (replaceStrings [ "ab" "a" ] [ "2" "1" ] "abab")
  # Replacements are not scanned again.
  (replaceStrings [ "a" "b" ] [ "b" "a" ] "aabb")
  (replaceStrings [ "é" "→" ] [ "e" "->" ] "café → bar")
  (replaceStrings [ "\n" "\t" ] [ "\\n" "\\t" ] "a\nb\tc")
]
