# The name comes from the file name, which is not a valid store path name.
builtins.path { path = "${toString ./data-files}/unicode-é.txt"; }
