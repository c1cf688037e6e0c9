# Current Nix resolves all symlinks before copying (Nix 2.8 copied the link itself);
# expected output: the oracle's `builtins.path` of the link's target under the link's name.
# A symlink is resolved before copying, but the name is the link's.
[
  (builtins.path { path = ./data-files/link-to-dir; })
  (builtins.path { path = ./data-files/link-to-a; })
  "${./data-files/link-to-a}"
]
