# nixPath lists the search path from NIX_PATH, prefixes as given.
with builtins;
map (e: { inherit (e) prefix; }) nixPath
