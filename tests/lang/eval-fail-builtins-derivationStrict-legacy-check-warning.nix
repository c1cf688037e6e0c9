# With structured attributes, a legacy output check is ignored, with a warning laid out as an
# error is (at the attribute, in the derivation); the throw only makes the warning show.
builtins.seq
  (builtins.derivationStrict {
    name = "checked";
    system = "x86_64-linux";
    builder = "/bin/sh";
    __structuredAttrs = true;
    maxSize = 1;
  })
  (throw "after the warning")
