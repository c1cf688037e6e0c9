scopedImport 1 ./data-files/scoped.nix
