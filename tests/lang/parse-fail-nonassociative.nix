# Comparisons do not chain: the second `<` is a syntax error.
1 < 2 < 3
