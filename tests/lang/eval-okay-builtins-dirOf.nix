# dirOf of a path is a path (the root is its own parent); of a string, a string.
with builtins;
[
  (dirOf "/a/b/c")
  (dirOf "/a/b/")
  (dirOf "a/b")
  (dirOf "a")
  (dirOf "")
  (dirOf "/")
  (dirOf "/a")
  (dirOf "//")
  (dirOf "a//")
  (dirOf "/ünï/cödé")
  (dirOf /a/b/c)
  (dirOf /a)
  (dirOf /.)
  (typeOf (dirOf /a/b))
  (typeOf (dirOf "/a/b"))
  (dirOf { outPath = "/x/y"; })
]
