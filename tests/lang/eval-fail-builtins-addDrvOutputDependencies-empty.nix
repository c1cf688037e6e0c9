# CppNix 2.8 lacks this builtin; the message is current Nix's (primops/context.cc).
builtins.addDrvOutputDependencies "no context"
