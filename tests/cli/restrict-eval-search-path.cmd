0
--restrict-eval
-I
lang
--eval
-E
import lang/lib-id.nix 1
