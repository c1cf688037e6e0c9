with builtins;
let
  line = i: "line ${toString i}: key=value; other=thing\n";
  text = concatStringsSep "" (genList line 20000);
  out = replaceStrings [ "=" ";" "\n" "line" ] [ " := " "," "|" "L" ] text;
in
[
  (stringLength text)
  (stringLength out)
  (substring 0 120 out)
  (hashString "sha256" out)
]
