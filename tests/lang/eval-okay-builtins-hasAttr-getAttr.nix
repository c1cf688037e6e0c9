# hasAttr and getAttr with computed names and names that need quoting.
with builtins;
let s = { a = 1; "b c" = 2; "" = 3; }; in
[
  (hasAttr "a" s)
  (hasAttr "z" s)
  (hasAttr "b c" s)
  (hasAttr "" s)
  (getAttr "a" s)
  (getAttr "b c" s)
  (getAttr "" s)
  (getAttr ("a" + "") s)
  (map (n: getAttr n s) (attrNames s))
]
