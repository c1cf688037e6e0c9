# nixvm --eval --xml --no-location --strict prints the value as an XML document.
{
  a = "x & y";
  b = [ 1 2.5 true null ];
  c = { d = { }; };
  f = { x, y ? 2 }: x;
}
