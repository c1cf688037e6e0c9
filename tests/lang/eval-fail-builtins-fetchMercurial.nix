# nixvm cannot download yet: the fetcher exists but fails, without evaluating its argument.
fetchMercurial "https://example.org/repo"
