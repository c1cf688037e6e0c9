0
-I
foo=lang/dir3
--find-file
foo
foo/dir3-file.nix
