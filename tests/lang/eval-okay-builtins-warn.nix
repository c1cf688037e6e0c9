# CppNix 2.8 has no warn; current Nix prints "evaluation warning: …" and returns the second
# argument.
with builtins;
[
  (warn "a warning" 1)
  (warn "two\nlines" "ü")
  (warn "\nstarting with a newline" [ ])
]
