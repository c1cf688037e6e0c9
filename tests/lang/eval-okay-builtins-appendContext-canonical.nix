# Current Nix parses context keys as store paths, so the context records the canonical
# path. CppNix 2.8 (the oracle) kept the key as written; the expectation follows current
# Nix's appendContext (primops/context.cc) and StoreDirConfig::parseStorePath.
with builtins;
let
  ctx = getContext (appendContext "" {
    "/nix/store//ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-double-slash/" = { path = true; };
    "/nix/./store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-dot" = { path = true; };
  });
in
attrNames ctx
