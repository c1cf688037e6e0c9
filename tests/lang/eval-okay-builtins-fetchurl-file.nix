# oracle: local-store
# fetchurl of a local file: the store path depends on the contents and the name only, the
# hash is checked when given, and the result reads back and carries its store path as
# context.
let
  url = "file://${toString ./data-files/a.txt}";
  fetched = builtins.fetchurl url;
in
[
  fetched
  (builtins.fetchurl { inherit url; name = "renamed"; })
  (builtins.fetchurl { inherit url; sha256 = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; })
  (builtins.readFile fetched)
  (builtins.attrNames (builtins.getContext fetched))
  (fetched == builtins.path { path = ./data-files/a.txt; recursive = false; })
]
