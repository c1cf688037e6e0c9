{
  fromBFails = throw "b";
  fromB = 2;
  /**
    Some documentation.
  */
  funcFromB = x: x;
}
