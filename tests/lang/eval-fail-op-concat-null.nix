[ ] ++ null
