# `&&`, `||` and `->` evaluate their right side only when needed.
[
  (false && throw "not evaluated")
  (true || throw "not evaluated")
  (false -> throw "not evaluated")
  (true && true)
  (true && false)
  (false || false)
  (false || true)
  (true -> false)
  (true -> true)
  (!true)
  (!!true)
  (!false && !false)
]
