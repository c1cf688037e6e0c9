# Imported by the corpus: a variable that is not defined anywhere.
{ value = notDefinedAnywhere; }
