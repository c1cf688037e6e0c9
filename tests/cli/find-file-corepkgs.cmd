1
--find-file
nix/fetchurl.nix
