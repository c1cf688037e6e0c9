# An input given as a set needs its type.
builtins.fetchTree { url = "https://example.org/source.tar.gz"; }
