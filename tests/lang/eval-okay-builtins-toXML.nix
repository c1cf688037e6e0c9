# builtins.toXML on plain values: each kind of value, sets with sorted attributes, nested
# lists, and an empty list and set.
builtins.toXML {
  int = -42;
  str = "hello";
  yes = true;
  no = false;
  nothing = null;
  float = 2.5;
  list = [ 1 [ "a" [ ] ] { } ];
  set = { b = 2; a = 1; };
}
