# The start is checked before the length and the string are looked at.
builtins.substring (-1) (throw "length forced") (throw "string forced")
