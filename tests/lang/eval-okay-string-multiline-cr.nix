# A carriage return followed by a newline in a string is kept as it is.
"a\r\nb"
