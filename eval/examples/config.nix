# The configuration read by examples/config.rs: plain Nix, with functions and lets.
let
  mkBackend = name: port: { inherit name; address = "10.0.0.${toString port}"; weight = 1; };
in
{
  listen = { host = "0.0.0.0"; port = 8000 + 80; };
  workers = 2 * 4;
  backends = map (n: mkBackend "app-${toString n}" n) [ 1 2 3 ];
  logLevel = "info";
  # Not part of the Rust struct: never evaluated.
  experimental = throw "unused settings are not evaluated";
}
