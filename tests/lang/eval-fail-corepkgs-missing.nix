# Every `<nix/...>` name resolves to the built-in files, which only hold fetchurl.nix.
import <nix/config.nix>
