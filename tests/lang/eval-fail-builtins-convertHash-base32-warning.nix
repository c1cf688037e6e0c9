# CppNix 2.8 has no convertHash. "base32" still works in current Nix, with a warning of
# Nix's own ("warning:", not "evaluation warning:"); the throw only makes the warning show.
builtins.seq
  (builtins.convertHash {
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    toHashFormat = "base32";
  })
  (throw "after the warning")
