# The deprecated `warn-short-path-literals` setting still turns the short path lint to
# warn, with a warning that it is deprecated.
builtins.baseNameOf a/b
