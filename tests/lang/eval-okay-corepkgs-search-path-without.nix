# A `nix` entry of the search path that lacks the file leaves it to the built-in one.
(import <nix/fetchurl.nix> { url = "https://example.org/x"; sha256 = "1ayhp9v4m4rdhjmnl2bq3cibrbqqkgjbl3s7yk2nhlh8vj3ay16g"; }).drvPath
