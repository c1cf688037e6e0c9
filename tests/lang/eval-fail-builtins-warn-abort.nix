# CppNix 2.8 has no warn; current Nix fails after the warning with --abort-on-warn.
builtins.warn "stop here" 1
