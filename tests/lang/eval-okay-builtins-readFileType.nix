# Nix 2.8 has no builtins.readFileType (added in 2.14): expected output from current
# Nix's documented behaviour and its own tests (the type of the path itself, as `lstat`).
{
  file = builtins.readFileType ./data-files/a.txt;
  dir = builtins.readFileType ./data-files/dir;
  link = builtins.readFileType ./data-files/link-to-a;
  dirLink = builtins.readFileType ./data-files/link-to-dir;
  broken = builtins.readFileType ./data-files/broken-link;
  empty = builtins.readFileType ./data-files/empty;
}
