# Every escape of double-quoted strings, and an unknown escape (which stands for the char).
[
  "\n"
  "\t"
  "\r"
  "\\"
  "\""
  "\$"
  "\${not interpolated}"
  "\a\b\c"
  "$"
  "$$"
  "a$"
  "$a"
  "\q"
]
