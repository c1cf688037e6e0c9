# A dynamic name defined twice, shown as Nix prints identifiers.
let n = "a b"; in { ${n} = 1; ${n} = 2; }
