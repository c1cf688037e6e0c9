# CppNix 2.8 takes integers as they are; current Nix refuses negative ones.
builtins.fetchGit { url = "https://example.org/repo.git"; revCount = -1; }
