{
  /**
    Perform *arithmetic* multiplication.

    ```nix
    multiply 2 3
    => 6
    ```
  */
  multiply = x: y: x * y;

  floatedIn =
    /**
      This also works.
    */
    x: y: x;

  /**
    Ignored: the function's own comment wins.
  */
  unambiguous =
    /**
      Very close
    */
    x: x;

  /**
    Firmly rigid.
  */
  constant = true;

  /**
    Immovably fixed.
  */
  lib.version = "9000";

  lib.undocumented = { };

  curried =
    /**
      A documented function.
    */
    x:
    /**
      The function returned by applying once
    */
    y:
    x + y;

  withFormals =
    /**
      Finds x
    */
    { x, y ? 1, ... }: x;

  undocumented = a: a;

  functor = {
    __functor =
      self:
      /**
        Called through __functor.
      */
      x: x;
  };
}
