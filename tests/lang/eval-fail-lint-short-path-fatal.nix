# With lint-short-path-literals = fatal, `foo/bar` is a parse error.
builtins.baseNameOf foo/bar
