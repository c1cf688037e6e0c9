builtins.getEnv "${builtins.toFile "name" "TEST_VAR"}"
