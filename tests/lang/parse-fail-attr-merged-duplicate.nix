# Two set literals for one name are merged attribute by attribute, so the error names the
# whole path and points at the second definition of `c`.
{
  a.b.c = 1;
  a = {
    b = {
      c = 2;
    };
  };
}
