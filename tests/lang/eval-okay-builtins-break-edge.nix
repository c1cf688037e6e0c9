# CppNix 2.8 has no break. It forces its argument (to weak head normal form only).
with builtins;
[
  (tryEval (break (throw "caught"))).success
  (length (break [ (throw "not forced") ]))
  (break null)
]
