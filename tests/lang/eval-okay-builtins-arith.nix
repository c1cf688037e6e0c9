with builtins; [ (add 1 2) (sub 5 7) (mul 3 4) (div 9 2) (add 1.5 1) (lessThan 1 2) (lessThan "b" "a") (lessThan [1] [1 1]) ]
