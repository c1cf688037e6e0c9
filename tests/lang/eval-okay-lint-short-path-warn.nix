# lint-short-path-literals warns about relative paths that do not start with `.`; `./` and
# `../` paths are fine.
map builtins.baseNameOf [ foo/bar ./foo/baz ../foo/qux a/b/c ]
