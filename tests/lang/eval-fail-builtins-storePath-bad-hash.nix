# `e`, `o`, `u` and `t` are not nix32 digits. Current Nix's message (2.8 words it differently).
builtins.storePath "/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-x"
