# nixvm cannot download yet: the fetcher exists but fails, without evaluating its argument.
fetchGit { url = "https://example.org/repo.git"; rev = "0000000000000000000000000000000000000000"; }
