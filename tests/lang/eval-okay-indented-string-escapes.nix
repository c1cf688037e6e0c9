# Escapes of indented strings: ''$, ''', ''\n, ''\t, ''\r, ''\ before other characters.
[
  ''''${not interpolated}''
  ''a'''b''
  ''line''\nbreak''
  ''tab''\tstop''
  ''cr''\r''
  ''''\x''
  ''$''
  ''$$''
  ''\n stays a backslash and n''
  '''''''
]
