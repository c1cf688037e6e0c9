builtins.readFile [ "/a.txt" ]
