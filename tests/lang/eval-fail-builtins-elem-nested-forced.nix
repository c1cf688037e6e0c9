# An attribute that needs forcing comes before a later difference: elem fails.
builtins.elem { a = throw "first"; b = 1; } [ { a = 1; b = 2; } ]
