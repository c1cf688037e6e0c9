# mapAttrs passes the name and the value, lazily.
with builtins;
[
  (mapAttrs (n: v: v * 2) { a = 1; b = 2; })
  (mapAttrs (n: v: n) { x = throw "value not forced"; })
  (mapAttrs (n: v: v) { })
  (attrNames (mapAttrs (n: v: throw "not called") { p = 1; q = 2; }))
]
