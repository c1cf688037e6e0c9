# `<...>` looks in `__nixPath`, which a `let` can shadow.
[
  (builtins.length __nixPath)
  <dir3-file.nix>
  (let __nixPath = [ { prefix = "d"; path = ./data-files; } ]; in <d/a.txt>)
]
