[
  ''
    hello
      world
    end
  ''
  ''one line''
  ''  leading spaces kept''
  ''
      a
    b
  ''
  ''
    escapes: ''$ ''' ''\n ''\t x
  ''
  ''
    ${"interp"} at start
      ${"indented"} interp
  ''
  ''

    blank lines above
  ''
  ''
    trailing spaces on last line   
    ''
  ''a''\nb''
  ''$''
  ''dollar $x and ''${y}''
]
