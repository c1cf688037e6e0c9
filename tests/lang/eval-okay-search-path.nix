[ <dir3-file.nix> <dir4-file.nix> (import <dir3-file.nix>) ]
