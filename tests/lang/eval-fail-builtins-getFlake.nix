# nixvm has no flakes yet: getFlake exists (with the feature) but fails.
builtins.getFlake "github:NixOS/nixpkgs"
