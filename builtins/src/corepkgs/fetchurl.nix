# <nix/fetchurl.nix>: a download as a fixed-output derivation, built by the
# `builtin:fetchurl` builder of the Nix daemon. Nix's own file and this one make
# the same derivation for the same arguments, attribute for attribute, so that
# everything depending on it (every nixpkgs bootstrap) gets the same store paths.
{
  url,
  # Defaults to the last component of the URL.
  name ? baseNameOf (toString url),
  # An SRI hash (`sha256-…`), which names its own algorithm.
  hash ? "",
  # The older way: one of these, as base-16, base-32 or base-64 text.
  sha512 ? "",
  sha256 ? "",
  sha1 ? "",
  md5 ? "",
  # What the derivation finally gets; the first hash given above, in the order
  # hash, sha512, sha1, md5, sha256, unless they are given directly.
  outputHash ?
    if hash != "" then hash
    else if sha512 != "" then sha512
    else if sha1 != "" then sha1
    else if md5 != "" then md5
    else sha256,
  outputHashAlgo ?
    if hash != "" then ""
    else if sha512 != "" then "sha512"
    else if sha1 != "" then "sha1"
    else if md5 != "" then "md5"
    else "sha256",
  # Mark the downloaded file executable (it is then hashed as a NAR).
  executable ? false,
  # Unpack the download, an archive, into the output directory.
  unpack ? false,
  # Download without a fixed hash (needs the `impure-derivations` feature).
  impure ? false,
  # Accepted and ignored, as it always has been.
  system ? "",
}:

let
  # The proxy settings the daemon passes through; kept because they are part
  # of every existing fetchurl derivation.
  proxyVariables = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];

  expected =
    if impure then { __impure = true; }
    else { inherit outputHash outputHashAlgo; };
in
derivation ({
  inherit name url executable unpack;
  urls = [ url ];
  builder = "builtin:fetchurl";
  system = "builtin";
  outputHashMode = if unpack || executable then "recursive" else "flat";
  preferLocalBuild = true;
  impureEnvVars = proxyVariables;
} // expected)
