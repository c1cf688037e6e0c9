with builtins;
[
  (genericClosure {
    startSet = [ { key = 5; } ];
    operator = item: [ { key = if item.key / 2 * 2 == item.key then item.key / 2 else 3 * item.key + 1; } ];
  })
  (map (x: x.key) (genericClosure {
    startSet = [ { key = "a"; } ];
    operator = item: map (k: { key = k; }) ({ a = [ "b" "c" ]; b = [ "c" "ü" ]; c = [ "a" ]; "ü" = [ ]; }.${item.key});
  }))
  (genericClosure { startSet = [ { key = 1; x = "first"; } { key = 1; x = "second"; } ]; operator = x: [ ]; })
]
