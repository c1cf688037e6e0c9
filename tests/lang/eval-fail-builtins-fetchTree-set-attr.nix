# Input attributes are strings, paths, Booleans or integers.
builtins.fetchTree { type = "git"; url = "https://example.org/repo.git"; rev = { }; }
