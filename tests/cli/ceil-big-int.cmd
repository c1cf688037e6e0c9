1
# The message has a tab, which Nix expands counting columns from the start of the whole
# message: with -E no file path comes before it. Current Nix refuses integers that
# older versions rounded through a float.
--eval
--strict
-E
builtins.ceil 9007199254740993
