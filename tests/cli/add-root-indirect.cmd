0
--add-root
/nonexistent/root
--indirect
--eval
-E
1 + 2
