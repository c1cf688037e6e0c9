builtins.appendContext "x" { "/tmp/not-in-the-store" = { path = true; }; }
