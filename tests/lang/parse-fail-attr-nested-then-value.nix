# `a` is a nested set made by `a.b`; binding it to something that is not a set literal is a
# second definition.
{
  a.b = 1;
  a = 2;
}
