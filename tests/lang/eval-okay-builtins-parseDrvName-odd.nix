# The version starts at the first dash followed by something other than a letter.
[
  (builtins.parseDrvName "")
  (builtins.parseDrvName "foo-")
  (builtins.parseDrvName "foo--1")
  (builtins.parseDrvName "-1.0")
  (builtins.parseDrvName "é-1é")
  (builtins.parseDrvName "foo-bar-baz")
  (builtins.parseDrvName "nix-unstable-2024-01-01")
  (builtins.parseDrvName "a-1-b-2")
]
