[
  builtins.langVersion
  builtins.storeDir
  (builtins.typeOf builtins.nixVersion)
  (builtins.typeOf builtins.currentSystem)
  (builtins.typeOf builtins.currentTime)
  (builtins.currentTime > 1600000000)
  (builtins.currentTime == builtins.currentTime)
  (builtins.isList builtins.nixPath)
]
