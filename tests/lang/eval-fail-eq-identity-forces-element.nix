# A list element that fails to evaluate fails `==` even against itself.
let x = throw "boom"; in [ x ] == [ x ]
