# An inherited name is a value, not a set the path could extend.
let
  a = { };
in
{
  inherit a;
  a.b = 2;
}
