# With the parse-toml-timestamps experimental feature, dates and times become
# { _type = "timestamp"; value = …; } with the text normalised as current Nix does: "T"
# between date and time, fractions cut to 3, 6 or 9 digits, a zero offset written "Z".
# CppNix 2.8 has no such feature, so this expectation follows current Nix.
builtins.fromTOML ''
  offset = 1979-05-27T07:32:00Z
  offsetMinus = 1979-05-27T00:32:00-07:00
  offsetZero = 1979-05-27 07:32:00+00:00
  offsetFraction = 1979-05-27t07:32:00.5Z
  local = 1979-05-27T07:32:00
  localMicros = 1979-05-27 07:32:00.1234
  localNanos = 1979-05-27T07:32:00.1234567891
  date = 1979-05-27
  leap = 2024-02-29
  time = 07:32:00
  timeMillis = 23:59:60.12
  inArray = [ 2000-01-01, 12:00:00 ]
''
