# In Nix `derivation` is a function of a Nix file (derivation.nix), not a primop: it prints,
# reflects and converts as a lambda with the pattern `drvAttrs@{ outputs ? [ "out" ], ... }`.
{
  printed = [
    derivation
    builtins.derivation
    builtins.derivationStrict
  ];
  type = builtins.typeOf derivation;
  isFunction = builtins.isFunction derivation;
  args = builtins.functionArgs derivation;
  primopArgs = builtins.functionArgs builtins.derivationStrict;
  xml = builtins.toXML derivation;
}
