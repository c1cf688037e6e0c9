builtins.fetchMercurial { rev = "default"; }
