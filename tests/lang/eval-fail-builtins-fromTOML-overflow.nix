# An integer beyond 2^63-1 is an error (CppNix 2.8's toml11 clamped it instead); the
# message follows current Nix (toml11 4).
builtins.fromTOML ''
  ok = 1
  big = 9223372036854775808
''
