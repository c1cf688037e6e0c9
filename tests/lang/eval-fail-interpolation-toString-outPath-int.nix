# Through `__toString` and then `outPath` to an integer, which interpolation does not take.
"${{ __toString = self: { outPath = 1; }; }}"
