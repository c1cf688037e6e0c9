# nixvm --eval --json ends the JSON with a newline, as current Nix does (CppNix 2.8 does not).
# nixvm --eval --json --strict prints the value as JSON.
{
  a = 1 + 1;
  b = [ "x" null true ];
  c = { __toString = self: "peeled"; };
  d = { outPath = "/nix/store/out"; };
}
