builtins.mapAttrs (name: value: if name == "b" then throw "mapAttrs failed on ${name}" else value) { a = 1; b = 2; }
