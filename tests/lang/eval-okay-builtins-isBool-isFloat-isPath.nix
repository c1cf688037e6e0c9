# isBool, isFloat and isPath on values of every type.
with builtins;
let values = [ true false 1 1.0 "s" ./data-files null [ ] { } (x: x) ]; in
[ (map isBool values) (map isFloat values) (map isPath values) ]
