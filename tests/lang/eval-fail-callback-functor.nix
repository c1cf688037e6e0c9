let f = { __functor = self: x: throw "functor called with ${toString x}"; }; in builtins.map f [ 7 ]
