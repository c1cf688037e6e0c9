# A quoted name and `${"…"}` with a string literal are static names like any other.
{
  "a" = 1;
  ${"a"} = 2;
}
