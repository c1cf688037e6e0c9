# CppNix 2.8 (the oracle) has no convertHash; the expectation follows current Nix's
# documentation of builtins.convertHash, and each value was checked with 2.8's
# `nix-hash --to-base32`, `nix hash to-base64` and `nix hash to-sri`.
with builtins;
let
  sha256 = hashString "sha256" "abc";
  conv = hash: toHashFormat: convertHash { inherit hash toHashFormat; hashAlgo = "sha256"; };
in
[
  (conv sha256 "base16")
  (conv sha256 "nix32")
  (conv sha256 "base64")
  (conv sha256 "sri")
  (convertHash { hash = hashString "md5" "abc"; hashAlgo = "md5"; toHashFormat = "nix32"; })
  (convertHash { hash = hashString "sha1" "abc"; hashAlgo = "sha1"; toHashFormat = "sri"; })
  (convertHash { hash = hashString "sha512" "abc"; hashAlgo = "sha512"; toHashFormat = "base64"; })
  # Back from every format.
  (conv (conv sha256 "nix32") "base16")
  (conv (conv sha256 "base64") "base16")
  (convertHash { hash = conv sha256 "sri"; toHashFormat = "base16"; })
]
