# A git repository that is not local needs the network, which nixvm does not use: an error.
builtins.fetchTree { type = "git"; url = "https://example.org/repo.git"; }
