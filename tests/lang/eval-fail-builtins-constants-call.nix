# The constants are values, not functions.
builtins.langVersion 1
