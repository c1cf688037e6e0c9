let f = x: throw "custom message ${toString x}"; in f 3
