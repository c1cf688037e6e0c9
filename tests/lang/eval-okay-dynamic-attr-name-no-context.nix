# A name without context is fine, even one made from a store path.
let n = builtins.unsafeDiscardStringContext "a${builtins.toFile "x" "y"}"; in [ ({ } ? ${n}) { ${n} = 1; }.${n} ]
