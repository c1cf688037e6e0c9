# `${"a"}` is a static name: Nix inherits `a`, and finds no variable `a`, which it
# reports at the name.
{ inherit ${"a"}; }
