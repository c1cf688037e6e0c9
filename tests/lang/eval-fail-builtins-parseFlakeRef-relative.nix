# CppNix 2.8 lacks parseFlakeRef; the message is current Nix's (parseFlakeRef without a
# base directory).
builtins.parseFlakeRef "./relative"
