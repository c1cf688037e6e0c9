# A function inside the value cannot be printed as JSON; the error says where it was.
builtins.toJSON {
  ok = [ 1 2 ];
  fns = [
    "fine"
    (x: x)
  ];
}
