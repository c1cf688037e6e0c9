1
--eval
<nosuchname>
