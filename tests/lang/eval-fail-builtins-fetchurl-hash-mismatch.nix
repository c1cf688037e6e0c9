# The contents of a fetched file must have the hash given.
builtins.fetchurl {
  url = "file://${toString ./data-files/a.txt}";
  sha256 = "0000000000000000000000000000000000000000000000000000";
}
