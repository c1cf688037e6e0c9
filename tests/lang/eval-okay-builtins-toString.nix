with builtins;
[
  (toString "string")
  (toString 42)
  (toString (-7))
  (toString 9223372036854775807)
  (toString 3.14)
  (toString 1.0e20)
  (toString 0.1)
  (toString 123456.789)
  (toString true)
  (toString false)
  (toString null)
  (toString /some/path/..)
  (toString [ 1 "two" 3.0 true false null ])
  (toString { __toString = self: "custom ${self.x}"; x = "x"; })
  (toString { outPath = "/out"; })
]
