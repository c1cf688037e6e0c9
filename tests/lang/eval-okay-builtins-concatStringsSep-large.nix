with builtins;
let
  words = genList (i: "w${toString i}") 50000;
  joined = concatStringsSep "," words;
in
[
  (stringLength joined)
  (substring 0 40 joined)
  (hashString "sha1" joined)
  (length (filter isString (split "," joined)))
]
