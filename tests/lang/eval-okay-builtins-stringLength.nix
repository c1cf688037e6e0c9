# stringLength counts bytes and coerces like interpolation (sets with outPath or
# __toString, paths copied to the store).
with builtins;
[
  (stringLength "")
  (stringLength "hello")
  (stringLength "héllo wörld")
  (stringLength "💡")
  (stringLength "a\nb\tc")
  (stringLength { outPath = "/some/path"; })
  (stringLength { __toString = self: "xyz"; })
  (stringLength { __toString = self: { outPath = "four"; }; })
  (stringLength (toString 12345))
  (stringLength ./dir5)
]
