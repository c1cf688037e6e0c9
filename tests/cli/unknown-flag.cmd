1
--eval
--frobnicate
-E
1
