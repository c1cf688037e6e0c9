# An error raised inside a builtin: current Nix locates only the frame "while calling the
# 'div' builtin" and prints the message itself without a position (its corpus shows this
# for `builtins.div "foo" 0`); nixvm repeats the call's position after the message.
builtins.div 7 0
