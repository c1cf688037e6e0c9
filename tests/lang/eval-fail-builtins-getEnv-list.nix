builtins.getEnv [ "TEST_VAR" ]
