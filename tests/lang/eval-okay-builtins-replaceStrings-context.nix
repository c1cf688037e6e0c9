# The contexts of the string and of the replacements used are kept.
with builtins;
let
  p1 = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-one";
  p2 = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-two";
  s = appendContext "@one@ and @two@" { ${p1} = { path = true; }; };
  r = appendContext p2 { ${p2} = { path = true; }; };
in
[
  (replaceStrings [ "@two@" ] [ r ] s)
  (attrNames (getContext (replaceStrings [ "@two@" ] [ r ] s)))
  (attrNames (getContext (replaceStrings [ "@one@" ] [ "" ] s)))
  (attrNames (getContext (replaceStrings [ "nothing" ] [ "" ] s)))
]
