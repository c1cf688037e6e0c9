throw ''
  first line
  second line
''
