import "data-files/dir/x.nix"
