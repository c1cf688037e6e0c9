builtins.fetchurl { name = "file"; }
