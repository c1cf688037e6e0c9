builtins.isPath { }.path
