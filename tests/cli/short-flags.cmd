0
-vv
-Q
-j4
-I./lang/dir3
--eval
-E
<dir3-file.nix>
