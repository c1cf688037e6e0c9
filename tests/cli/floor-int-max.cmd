1
# The message has a tab, which Nix expands counting columns from the start of the whole
# message: with -E no file path comes before it, so the output does not depend on where
# the tests are. Current Nix refuses the largest integer, which older versions rounded
# through a float to 2^63 (undefined behaviour).
--eval
--strict
-E
builtins.floor 9223372036854775807
