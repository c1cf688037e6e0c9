# The value of `a` is `add "a" [ … ]`, applied lazily by zipAttrsWith and forced by the
# printer: its error is located at the call of zipAttrsWith.
builtins.zipAttrsWith builtins.add [ { a.x = 0; } ]
