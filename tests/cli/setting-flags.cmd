0
--eval
--no-sandbox
--relaxed-sandbox
--keep-outputs
--no-keep-derivations
--substituters

--extra-substituters
https://example.org
--tarball-ttl
0
--allow-dirty
-E
1 + 2
