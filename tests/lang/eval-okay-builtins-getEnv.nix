# The runner sets TEST_VAR=foo and HOME=/fake-home.
[
  (builtins.getEnv "TEST_VAR")
  (builtins.getEnv "HOME")
  (builtins.getEnv "NIXVM_SURELY_UNSET_VARIABLE")
  (builtins.getEnv "")
]
