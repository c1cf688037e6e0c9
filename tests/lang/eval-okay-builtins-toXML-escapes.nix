# builtins.toXML escapes quotes, angle brackets, ampersands and newlines in attribute
# values, keeps other text (unicode, tabs) as it is, prints floats with six digits, and
# writes functions as their argument patterns.
builtins.toXML {
  special = "a \"quote\" <tag> & ampersand\nnew line\ttab";
  unicode = "héllo € 😀";
  "key with <chars> & \"quotes\"" = 1;
  floats = [ 0.1 123456789.0 1.0e-7 (1.0 / 3.0) ];
  fnIdent = x: x;
  fnFormals = { b, a ? 1, ... }: a;
  fnBound = args@{ x }: x;
  builtin = builtins.map;
}
