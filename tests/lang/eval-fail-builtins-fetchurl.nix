# nixvm cannot download yet: after checking its arguments as Nix does, fetchurl of a
# remote URL fails clearly.
builtins.fetchurl { url = "https://example.org/file"; sha256 = "1jppksrfvbk5ypiqdz4cddxdl8z6zyzdb2srq8fcffr327ld5jj2"; }
