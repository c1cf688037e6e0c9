# Integers and floats compare by value; lists compare element by element; a single key of
# any type needs no comparison.
with builtins;
[
  (genericClosure { startSet = [ { key = 1; } { key = 1.0; } { key = 1.5; } ]; operator = x: [ ]; })
  (genericClosure { startSet = [ { key = [ 1 2 ]; } { key = [ 1 ]; } { key = [ 1 2 ]; } { key = [ ]; } ]; operator = x: [ ]; })
  (genericClosure { startSet = [ { key = true; } ]; operator = x: [ ]; })
  (genericClosure { startSet = [ { key = ./.; } { key = ./.; } ]; operator = x: [ ]; } == [ { key = ./.; } ])
]
