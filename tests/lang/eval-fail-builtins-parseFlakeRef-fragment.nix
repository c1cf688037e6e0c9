# CppNix 2.8 lacks parseFlakeRef; the message is current Nix's (parseFlakeRef).
builtins.parseFlakeRef "github:NixOS/nixpkgs#hello"
