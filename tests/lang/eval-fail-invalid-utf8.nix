# Invalid UTF-8 outside strings, in a file read by evaluation: the same syntax error.
# This file is not valid UTF-8 on purpose; the source line shows `?` for the byte.
let
  x = ÿ;
in
x
