# A nested attribute defined twice, once through a path and once in a set literal. Current
# Nix gives every definition the position of its whole binding, and reports the duplicate
# at the attribute inside the literal (as its corpus shows for the same shape); nixvm says
# "already defined at" the path's second element and points at the literal's name.
{
  a.b = 1;
  a = { c = 2; b = 3; };
}
