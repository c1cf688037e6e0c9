# Every attribute must be a string, a path, a Boolean or an integer.
builtins.fetchGit { url = "https://example.org/repo.git"; ref = [ "main" ]; }
