# The name bound with `@` may not also be a formal argument; Nix points at the function.
{ a, b }@b: a
