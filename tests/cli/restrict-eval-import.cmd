1
--restrict-eval
-I
lang/dir3
--eval
-E
import lang/lib-id.nix 1
