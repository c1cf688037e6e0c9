# A chain of small updates to a large attribute set (the package-set pattern).
let
  inherit (builtins) genList listToAttrs foldl' attrNames length;
  big = listToAttrs (genList (i: { name = "a${toString i}"; value = i; }) 50000);
  updated = foldl' (s: i: s // { "a${toString (i * 37)}" = -i; }) big (genList (i: i) 5000);
in
[ (length (attrNames updated)) updated.a37 updated.a49999 ]
