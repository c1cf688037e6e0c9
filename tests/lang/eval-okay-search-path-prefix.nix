[ <ns/inner.nix> (import <ns/inner.nix>) ]
