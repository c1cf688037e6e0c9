# CppNix 2.8 lacks convertHash; the message is current Nix's (Hash::parseAny).
builtins.convertHash {
  hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  toHashFormat = "sri";
}
