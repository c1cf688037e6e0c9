# Printing with --strict forces every element; an error says where it was found.
[
  1
  {
    a = 2;
    b = throw "deep";
  }
]
