# oracle: local-store
# A file the evaluation wrote to the store can be imported, as the module system does with
# `import "${builtins.toFile "drv" "{}"}"`.
[
  (import (builtins.toFile "sum.nix" "1 + 2"))
  (import "${builtins.toFile "drv" "{ }"}")
  (scopedImport { y = 5; } (builtins.toFile "scoped.nix" "y * 2"))
]
