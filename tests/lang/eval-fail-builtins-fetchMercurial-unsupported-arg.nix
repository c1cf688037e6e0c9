builtins.fetchMercurial { url = "https://example.org/repo"; branch = "default"; }
