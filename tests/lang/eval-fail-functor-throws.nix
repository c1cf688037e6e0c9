let s = { __functor = self: x: throw "functor body ${toString x}"; }; in s 3
