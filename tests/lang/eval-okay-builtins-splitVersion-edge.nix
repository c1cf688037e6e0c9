with builtins;
map splitVersion [
  ""
  "..."
  "-"
  ".1"
  "1."
  "1..2"
  "01"
  "1.0_1"
  "1.0 1"
  "é"
  "1é2"
  "99999999999999999999.1"
  (concatStringsSep "." (genList toString 20))
]
