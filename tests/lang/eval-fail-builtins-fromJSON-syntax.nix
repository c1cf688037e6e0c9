# A syntax error is reported with nlohmann's message, line and column.
builtins.fromJSON ''
  {
    "a": [1, 2,],
    "b": 3
  }
''
