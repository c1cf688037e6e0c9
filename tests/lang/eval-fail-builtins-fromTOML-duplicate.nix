# Defining a key twice is an error.
builtins.fromTOML ''
  a = 1
  a = 2
''
