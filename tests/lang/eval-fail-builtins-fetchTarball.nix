# nixvm cannot download yet: the fetcher exists but fails, without evaluating its argument.
builtins.fetchTarball "https://example.org/x.tar.gz"
