builtins.fetchTarball { url = "https://example.org/x.tar.gz"; hash = ""; }
