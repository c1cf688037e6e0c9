# The constants have the types Nix gives them.
with builtins;
[
  (typeOf langVersion)
  (typeOf nixVersion)
  (typeOf storeDir)
  (typeOf currentSystem)
  (typeOf currentTime)
  (typeOf builtins)
  (typeOf null)
  (builtins.true)
  (builtins.false)
  (builtins.null)
  (builtins.builtins ? map)
]
