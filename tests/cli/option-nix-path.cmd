0
--option
nix-path
foo=lang/dir3
--eval
-E
map (e: e.prefix) builtins.nixPath
--strict
