[ (builtins.nonexistentBuiltin or "fallback") (builtins.length or null != null) ]
