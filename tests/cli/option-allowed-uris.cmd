1
--option
restrict-eval
true
--option
allowed-uris
https://example.org/
--eval
-E
builtins.fetchurl { url = "https://example.com/x"; sha256 = "1ayhp9v4m4rdhjmnl2bq3cibrbqqkgjbl3s7yk2nhlh8vj3ay16g"; }
