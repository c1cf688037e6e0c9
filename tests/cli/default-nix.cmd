1
--eval
