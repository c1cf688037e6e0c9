0
--nix-path
foo=lang/dir3 lang/dir4
--eval
-E
map (e: e.prefix) builtins.nixPath
--strict
