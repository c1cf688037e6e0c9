# A function named by a quoted attribute is printed with its name quoted.
builtins.length { "a b" = x: x; }."a b"
