# Imported by the corpus: relative paths resolve against this file's directory.
{
  self = ./relative.nix;
  sibling = import ./values.nix;
  parent = ../data-files/a.txt;
}
