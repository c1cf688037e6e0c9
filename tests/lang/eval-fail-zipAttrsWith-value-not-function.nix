# `zipAttrsWith` evaluates its function: applying what it returns fails at the function.
builtins.zipAttrsWith (name: name) [ { y = 2; } ]
