# A prefix matches whole components only; entries that do not exist are skipped (with a
# warning); a failed lookup is catchable.
[
  (builtins.findFile [ { prefix = "dat"; path = ./.; } { prefix = "data"; path = ./data-files; } ] "data/a.txt")
  (builtins.findFile [ { path = "/nixvm-no-such-dir"; } { path = ./data-files; } ] "empty")
  (builtins.tryEval (builtins.findFile [ ] "anything"))
  (builtins.findFile [ { prefix = "data-files/dir"; path = ./data-files/dir/sub; } ] "data-files/dir/y")
]
