# The system is a string of the form ARCH-OS, the same each time it is read.
[
  (builtins.isString builtins.currentSystem)
  (builtins.match "[a-z0-9_]+-[a-z0-9]+" builtins.currentSystem != null)
  (builtins.currentSystem == builtins.currentSystem)
  (builtins ? currentSystem)
]
