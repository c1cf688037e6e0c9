# `__json` still works, with a warning at the attribute.
builtins.seq
  (builtins.derivationStrict {
    name = "json";
    system = "x86_64-linux";
    builder = "/bin/sh";
    __json = builtins.toJSON { a = 1; };
  })
  (throw "after the warning")
