with builtins; [ (seq 1 2) (deepSeq [1 2] 3) (seq { a = throw "lazy"; } "ok") ]
