# Imported by the corpus: evaluating this file throws.
throw "thrown in an imported file"
