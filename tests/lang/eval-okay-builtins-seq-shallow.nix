# seq evaluates its first argument to weak head normal form only.
[
  (builtins.seq [ (throw "element") ] 1)
  (builtins.seq { a = throw "value"; } 2)
  (builtins.seq (x: throw "body") 3)
  (builtins.seq (builtins.seq 1 2) 4)
  (builtins.seq null null)
  (builtins.seq "${"a"}" "b")
]
