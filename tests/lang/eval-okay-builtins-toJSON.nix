# builtins.toJSON on plain values: integers, strings with escapes, Booleans, null, lists
# and nested sets (keys sorted), sets printed through __toString and outPath, and a
# derivation-like set printed as its outPath.
builtins.toJSON {
  int = 123;
  neg = -456;
  big = 9223372036854775807;
  str = "plain";
  esc = "quote \" backslash \\ newline \n tab \t cr \r slash / dollar \${x}";
  yes = true;
  no = false;
  nothing = null;
  list = [ 1 "two" [ 3 [ ] ] { } ];
  nested = {
    "b key" = { c = [ null ]; };
    a = 1;
    "" = "empty name";
  };
  computed = 1 + 2;
  viaToString = {
    __toString = self: self.name;
    name = "from __toString";
  };
  viaOutPath = { outPath = "/nix/store/abc-out"; other = throw "not printed"; };
  drv = {
    type = "derivation";
    outPath = "/nix/store/xyz-drv";
    drvPath = "/nix/store/xyz.drv";
  };
}
