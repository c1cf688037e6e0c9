# toPath checks the path and makes it canonical, but returns a string.
[
  (builtins.toPath "/a/b/../c/")
  (builtins.toPath "//a//./b")
  (builtins.toPath "/")
  (builtins.toPath ./data-files)
  (builtins.toPath { outPath = "/x/y"; })
  (builtins.typeOf (builtins.toPath ./.))
]
