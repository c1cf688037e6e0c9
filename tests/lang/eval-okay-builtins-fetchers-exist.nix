# Current Nix gates fetchTree behind the fetch-tree (or flakes) feature; Nix 2.8 always has
# it. Expected output follows current Nix.
# The fetchers that need the network exist (so `?` and `or` see them as in Nix); those
# behind an experimental feature do not, unless it is on.
[
  (builtins ? fetchurl)
  (builtins ? fetchTarball)
  (builtins ? fetchGit)
  (builtins ? fetchMercurial)
  (builtins ? fetchTree)
  (builtins ? fetchClosure)
  (builtins ? getFlake)
  (builtins ? outputOf)
  ((builtins.fetchClosure or (_: "fallback")) { })
  (builtins.typeOf builtins.fetchurl)
]
