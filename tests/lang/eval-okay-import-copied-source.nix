# oracle: local-store
# A directory copied to the store and imported from there: the file's own `./.` is its
# directory in the store, not the directory it was copied from.
let
  copy = "${./import-copied-source}";
  imported = import copy;
in
[
  (imported.self == copy)
  imported.sibling
  (builtins.substring 0 11 imported.self)
]
