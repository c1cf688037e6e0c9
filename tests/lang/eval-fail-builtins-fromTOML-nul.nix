# Nix strings cannot hold NUL bytes: current Nix rejects a \u0000 escape (CppNix 2.8 cut
# the string at it instead).
builtins.fromTOML ''
  key = "a\u0000b"
''
