1
--eval
--
--not-a-flag
