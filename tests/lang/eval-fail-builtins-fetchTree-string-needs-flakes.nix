# With fetch-tree but not flakes, an input cannot be given as a URL.
builtins.fetchTree "https://example.org/source.tar.gz"
