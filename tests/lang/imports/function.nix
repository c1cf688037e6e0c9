# Imported by the corpus: a function of a set with one required and one default argument.
{ required, optional ? "default" }:
{
  inherit required optional;
  sum = required + 1;
}
