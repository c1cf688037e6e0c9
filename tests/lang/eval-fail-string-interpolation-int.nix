# Current Nix reports a value that cannot be interpolated with the frame "while evaluating
# a path segment" at the `${` and no position of its own (as its corpus shows for a
# function); nixvm has no such frame and puts the position on the message.
let n = 1; in "value: ${n}"
