# CppNix 2.8 lacks flakeRefToString; the message is current Nix's (see its lang test
# eval-fail-flake-ref-to-string-negative-integer).
builtins.flakeRefToString { type = "path"; path = "/foo"; revCount = -5; }
