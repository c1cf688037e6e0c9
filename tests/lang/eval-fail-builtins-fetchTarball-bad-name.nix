# The name is checked before anything is downloaded.
builtins.fetchTarball { url = "https://example.org/x.tar.gz"; name = "two words"; }
