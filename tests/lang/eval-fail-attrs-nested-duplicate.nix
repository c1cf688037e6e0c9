# A nested attribute defined twice, once through a path and once in a set literal. As in
# current Nix (its corpus shows the same shape), every definition has the position of its
# whole binding, and the duplicate is reported at the attribute inside the literal.
{
  a.b = 1;
  a = { c = 2; b = 3; };
}
