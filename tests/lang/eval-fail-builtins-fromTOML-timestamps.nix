# Without the parse-toml-timestamps experimental feature, a date is an error.
builtins.fromTOML ''
  name = "x"
  when = 1979-05-27
''
