# Imported by the corpus: this file does not parse.
{ a = 1; b = ; }
