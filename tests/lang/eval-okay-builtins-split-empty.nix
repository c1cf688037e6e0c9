# Empty matches: after one, a non-empty match at the same place is tried first, then
# the search goes on one byte further (std::regex_iterator's rules).
with builtins;
[
  (split "" "abc")
  (split "x*" "abc")
  (split "x*" "axxb")
  (split "b*" "abbc")
  (split "a?(ab)?" "ab")
  (split "(a*)*" "aab")
  (split "" "")
  (split "$" "ab")
  (split "^" "ab")
]
