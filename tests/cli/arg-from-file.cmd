0
--eval
--arg-from-file
x
lang/dir3/dir3-file.nix
-E
{ x }: x
