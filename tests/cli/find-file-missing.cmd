1
--find-file
nosuchname
