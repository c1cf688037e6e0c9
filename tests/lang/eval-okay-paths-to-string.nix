# Converting paths to strings: toString keeps them out of the store.
[
  (toString /a/b)
  (toString /.)
  (toString (/a + "/b"))
  (toString (/a + "b"))
  (toString (/a + ""))
  (/a + "/" == /a)
]
