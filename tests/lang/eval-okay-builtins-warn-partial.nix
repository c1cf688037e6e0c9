# CppNix 2.8 has no warn. A message with string context is accepted; warn can be partially
# applied, and returns its second argument however it was passed.
let
  warnTwice = builtins.warn "first";
in
[
  (builtins.warn "written to ${builtins.toFile "f" "contents"}" 1)
  (warnTwice 2)
  (map (builtins.warn "in map") [ 3 4 ])
  (builtins.warn "unicode: ü ☃" { a = 5; })
]
