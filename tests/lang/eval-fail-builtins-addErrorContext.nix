builtins.addErrorContext "while doing something" (throw "boom")
