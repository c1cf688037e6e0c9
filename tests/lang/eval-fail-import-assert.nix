import ./imports/assert.nix 5
