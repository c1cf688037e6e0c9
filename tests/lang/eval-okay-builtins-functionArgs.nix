with builtins;
[
  (functionArgs ({ a, b ? 1 }: a))
  (functionArgs ({ x, ... }: x))
  (functionArgs (args@{ zz ? 2, z }: z))
  (functionArgs ({ }: 1))
]
