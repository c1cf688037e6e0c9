# CppNix 2.8 lacks convertHash; the message is current Nix's (Hash::parseAny).
builtins.convertHash {
  hash = "ba7816bf8f01cfea";
  hashAlgo = "sha256";
  toHashFormat = "sri";
}
