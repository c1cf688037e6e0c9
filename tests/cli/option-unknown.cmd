0
--option
no-such-setting
x
--eval
-E
1
