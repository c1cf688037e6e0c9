# The filter is called with the full path (a string) and the type of each entry, depth first.
let
  seen = builtins.filterSource (p: t: builtins.trace "${p} ${t}" true) ./data-files/dir;
in
[ seen (builtins.filterSource (p: t: builtins.isString p) (toString ./data-files/dir)) ]
