1
-Ilang/dir3
--eval
-E
1
