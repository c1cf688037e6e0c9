# Quotes, backslashes, newlines and `${` are escaped as in a string literal.
({ }: 1) { "a\"b\\c\n${"$"}{d}" = 1; }
