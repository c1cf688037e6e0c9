# The filter sees every entry below the root, with its type; what it drops is left out,
# with everything below it.
let
  dir = ./data-files/dir;
in
[
  (builtins.path { path = dir; filter = _: _: true; })
  (builtins.path { path = dir; filter = p: t: t != "directory"; name = "flat"; })
  (builtins.path { path = dir; filter = p: t: p != toString ./data-files/dir/exec.sh; })
  (builtins.path { path = dir; filter = _: _: false; name = "nothing"; })
]
