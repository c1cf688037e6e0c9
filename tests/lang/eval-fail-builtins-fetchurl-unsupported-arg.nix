# fetchurl takes url, sha256 and name only.
builtins.fetchurl { url = "https://example.org/file"; hash = ""; }
