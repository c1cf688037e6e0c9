# Imported by the corpus: a type error inside a function defined in another file.
x: x + "not a number"
