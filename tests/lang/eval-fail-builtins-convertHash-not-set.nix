# CppNix 2.8 lacks convertHash; the message is current Nix's (prim_convertHash).
builtins.convertHash "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
