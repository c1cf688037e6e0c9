# `a` is bound to a value, so it cannot also be the start of a nested path.
{
  a = 1;
  a.b = 2;
}
