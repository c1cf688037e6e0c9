# nixvm cannot download yet: the fetcher exists but fails, without evaluating its argument.
builtins.fetchTree { type = "git"; url = "https://example.org/repo.git"; }
