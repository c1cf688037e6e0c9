# A byte that is not ASCII, outside strings and comments, is an invalid token to Nix's
# lexer. This file is not valid UTF-8 on purpose. (Nix shows the line with the byte
# itself; nixvm, whose source text is UTF-8, shows a `?` for each invalid byte.)
{
  a = 1;
  b = Ã(2);
}
