# An interpolated name that is not a string literal cannot be inherited.
{ inherit ${"a" + "b"}; }
