# Imported by the corpus: plain values of every kind.
{
  int = 42;
  float = 2.5;
  string = "from a file";
  path = ./values.nix;
  list = [ 1 "two" null ];
  fn = x: x * 2;
  rec' = rec { a = 1; b = a + 1; };
}
