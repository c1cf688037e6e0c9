# Which operations keep a context: all of those that build strings from strings.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  s = appendContext p { ${p} = { path = true; }; };
  empty = substring 0 0 s;
in
map hasContext [
  ""
  s
  empty
  "${empty}"
  (empty + "x")
  ("x" + empty)
  ''${s}''
  (concatStringsSep "" [ empty ])
  (replaceStrings [ "foo" ] [ "bar" ] s)
  (toString [ s ])
  (baseNameOf s)
  (dirOf s)
  (unsafeDiscardStringContext s)
  (head (match "(.*)" s))
  (hashString "md5" s)
]
