# <nix/fetchurl.nix> requires a URL; the error points into the built-in file, named as Nix
# names it.
import <nix/fetchurl.nix> { sha256 = "1ayhp9v4m4rdhjmnl2bq3cibrbqqkgjbl3s7yk2nhlh8vj3ay16g"; }
