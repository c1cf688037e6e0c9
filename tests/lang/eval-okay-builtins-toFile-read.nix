# nixvm has no store: it computes the path and keeps the contents in memory, so reading it
# back works as in Nix with a store (the oracle's dummy store cannot).
# oracle: local-store
let
  f = builtins.toFile "greeting" "hello\n";
in
[
  (builtins.readFile f)
  (builtins.readFile (builtins.toFile "nested" "see ${f}"))
  (builtins.hashFile "sha256" f)
  (builtins.pathExists f)
]
