# A search path entry that has `nix/fetchurl.nix` wins over the built-in file.
import <nix/fetchurl.nix> { url = "x"; }
