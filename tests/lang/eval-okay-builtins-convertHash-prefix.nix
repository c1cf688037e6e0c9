# CppNix 2.8 (the oracle) has no convertHash; the expectation follows current Nix's
# documentation and its lang test eval-okay-convertHash: an SRI hash or an
# "algo:" prefix names the algorithm, "base32" is the deprecated name of nix32 (with a
# warning on stderr), and only SRI output carries the algorithm.
with builtins;
let
  hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
in
[
  (convertHash { hash = "sha256:${hex}"; toHashFormat = "sri"; })
  (convertHash { hash = "sha256:${hex}"; toHashFormat = "base32"; })
  (convertHash { hash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="; toHashFormat = "nix32"; })
  (convertHash { hash = "sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s"; toHashFormat = "base16"; })
  (convertHash { hash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="; hashAlgo = "sha256"; toHashFormat = "base64"; })
  (convertHash { hash = "d41d8cd98f00b204e9800998ecf8427e"; hashAlgo = "md5"; toHashFormat = "sri"; })
]
