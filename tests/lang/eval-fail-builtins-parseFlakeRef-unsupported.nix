# CppNix 2.8 lacks parseFlakeRef; the message is current Nix's (Input::fromURL).
builtins.parseFlakeRef "foo:bar"
