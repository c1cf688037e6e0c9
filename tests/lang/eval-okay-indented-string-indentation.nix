# The common indentation is removed; tabs do not count as indentation; an empty first line
# is dropped.
[
  ''
    two
      four
    two
  ''
  ''
      deeper first
    then less
  ''
  ''no newline''
  ''  leading spaces kept''
  ''
	tab-indented
  ''
  ''

    blank lines count for nothing
  ''
]
