0
-I
foo=lang/dir3
--eval
<foo/dir3-file.nix>
