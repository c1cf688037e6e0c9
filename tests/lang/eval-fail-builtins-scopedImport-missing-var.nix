scopedImport { a = 1; } ./data-files/scoped.nix
