x: a: b: [ "a\nb" ''
  indented ${x}
    more
'' "${a}${b}" "plain" ]
