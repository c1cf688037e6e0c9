# The checks Nix makes while parsing are errors like the others: here Nix reports the
# duplicate attribute first, and nixvm then the syntax error after it.
{
  a = 1;
  a = 2;
  b = (3;
}
