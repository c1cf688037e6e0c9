# Imported by the corpus: a failing assertion.
x: assert x > 10; x
