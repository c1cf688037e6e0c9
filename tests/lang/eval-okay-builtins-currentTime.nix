# The time is an integer number of seconds, read once per evaluation.
[
  (builtins.isInt builtins.currentTime)
  (builtins.currentTime > 1700000000)
  (builtins.currentTime == builtins.currentTime)
  (builtins ? currentTime)
]
