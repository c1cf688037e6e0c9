# fetchGit fixes the type to git.
builtins.fetchGit { type = "git"; url = "https://example.org/repo.git"; }
