# toFile's result depends on its store path; a string built from it keeps the context;
# plain strings have none.
let
  f = builtins.toFile "name" "contents";
in
[
  (builtins.getContext f)
  (builtins.getContext "prefix-${f}-suffix")
  (builtins.getContext "plain")
  (builtins.getContext "")
  (builtins.hasContext f)
  (builtins.hasContext "${f}")
  (builtins.hasContext (builtins.unsafeDiscardStringContext f))
  (builtins.unsafeDiscardStringContext f == f)
]
