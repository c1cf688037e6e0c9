# The lints are settings: `--option NAME VALUE` sets them too.
builtins.baseNameOf http://example.org/file
