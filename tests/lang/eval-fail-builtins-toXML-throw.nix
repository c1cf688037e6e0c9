# An error in a value being printed as XML propagates.
builtins.toXML {
  fine = 1;
  list = [ 1 (throw "cannot print this") ];
}
