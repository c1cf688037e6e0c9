# CppNix 2.8 lacks convertHash; the message is current Nix's (Hash::parseAny).
builtins.convertHash {
  hash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
  hashAlgo = "sha512";
  toHashFormat = "sri";
}
