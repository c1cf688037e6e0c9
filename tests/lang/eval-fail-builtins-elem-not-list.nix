builtins.elem 1 "abc"
