# derivationStrict fails only when the printer forces drvPath: the error is located at
# the call of `derivation`.
{
  drv = derivation { };
}
