# A path is not a string here: no coercion.
builtins.splitVersion /1.2
