# A directory means its default.nix; a symlink to a file is followed first, so that the
# file's relative paths are relative to where it really is; strings are paths too.
[
  (import ./data-files/default-dir).answer
  (import ./data-files/rel-link.nix)
  (import (toString ./data-files/dir/x.nix))
  (import "${toString ./data-files}/dir/../default-dir/").answer
  (import ./data-files/link-to-dir/rel.nix)
]
