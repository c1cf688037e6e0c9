# The version itself differs between implementations; its form does not.
[
  (builtins.isString builtins.nixVersion)
  (builtins.compareVersions builtins.nixVersion "2.0" > 0)
  (builtins.length (builtins.splitVersion builtins.nixVersion) >= 2)
  (builtins.match "[0-9]+\\.[0-9]+.*" builtins.nixVersion != null)
]
