# On strings one trailing slash is ignored; the result is always a string.
with builtins;
[
  (baseNameOf "/a/b/c.nix")
  (baseNameOf "c.nix")
  (baseNameOf "/a/b/")
  (baseNameOf "a/")
  (baseNameOf "a//")
  (baseNameOf "/")
  (baseNameOf "//")
  (baseNameOf "")
  (baseNameOf "/ünï/cödé")
  (baseNameOf /a/b/c.nix)
  (baseNameOf /.)
  (typeOf (baseNameOf /a/b))
  (baseNameOf { outPath = "/x/y"; })
]
