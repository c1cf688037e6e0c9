# Current Nix: the frame "while evaluating a path segment" at the `${`, and the message
# without a position; nixvm puts the position on the message and has no frame.
"prefix ${x: x}"
