with builtins;
[
  (placeholder "out")
  (placeholder "bin")
  (placeholder "dev")
  (placeholder "")
  (placeholder "ünïcode")
  (hasContext (placeholder "out"))
  (stringLength (placeholder "anything"))
  (placeholder "out" == placeholder "out")
]
