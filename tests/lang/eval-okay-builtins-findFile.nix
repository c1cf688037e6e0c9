# Current Nix returns the found path with its symlinks resolved (the last entry);
# Nix 2.8 returned it as looked up. Expected output follows current Nix.
# The first entry whose prefix matches and under which the rest exists wins.
let
  sp = [
    { prefix = "x"; path = toString ./data-files/dir; }
    { prefix = ""; path = ./data-files; }
    { prefix = "x"; path = toString ./data-files; }
  ];
in
[
  (builtins.findFile sp "x/x.nix")
  (builtins.findFile sp "x/a.txt")
  (builtins.findFile sp "a.txt")
  (builtins.findFile sp "x")
  (builtins.findFile sp "dir/sub/y")
  (builtins.findFile [ { path = ./data-files; } ] "link-to-dir/sub")
]
