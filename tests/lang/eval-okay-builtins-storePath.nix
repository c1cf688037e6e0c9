# Current Nix takes a store path as it is when only evaluating (Nix 2.8 requires it to
# exist); expected output follows current Nix.
# A store path (or a path inside one) is taken as it is; nothing is checked against a store.
[
  (builtins.storePath "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x")
  (builtins.storePath "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x/bin/sh")
  (builtins.storePath /nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x)
]
