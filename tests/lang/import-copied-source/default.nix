# Imported from its copy in the store: its own paths lie in the store too.
{
  self = toString ./.;
  sibling = builtins.readFile ./data.txt;
}
