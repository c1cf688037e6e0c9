# The message is coerced only when there is an error; if it cannot be, that error wins.
builtins.addErrorContext { } (throw "boom")
