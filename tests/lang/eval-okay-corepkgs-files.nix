# The built-in files need no search path, and are there for pathExists as for import.
{
  exists = builtins.pathExists <nix/fetchurl.nix>;
  isFunction = builtins.isFunction (import <nix/fetchurl.nix>);
}
