# Stands in for <nix/fetchurl.nix> when the search path has a `nix` entry holding it.
args: { fromSearchPath = args; }
