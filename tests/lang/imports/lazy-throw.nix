# Imported by the corpus: a set whose `bad` attribute throws when forced.
{
  good = "fine";
  bad = throw "bad attribute of an imported set";
  nested = { deeper = builtins.abort "aborted deep in an imported set"; };
}
