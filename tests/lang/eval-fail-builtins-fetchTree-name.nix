# fetchTree takes no name (fetchGit does).
builtins.fetchTree { type = "tarball"; url = "https://example.org/source.tar.gz"; name = "source"; }
