# Current Nix rejects dynamic attributes in let; CppNix 2.8 accepts them.
let name = "a"; ${name} = 1; in a
