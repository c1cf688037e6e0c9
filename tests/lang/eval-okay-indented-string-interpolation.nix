# Interpolated values are not re-indented, and interpolations count as text for indentation.
let multi = "a\n  b"; in
[
  ''
    x ${multi}
    y
  ''
  ''
    ${"interpolated"} first
      second
  ''
  ''  ${"x"}''
]
