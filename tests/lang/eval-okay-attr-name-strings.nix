# Strings made from attribute names (attrNames, the names mapAttrs and zipAttrsWith pass)
# are ordinary strings wherever they go: names again, list elements, keys compared with
# strings made otherwise, parts of larger strings.
let
  set = { b = 2; a = 1; "with space" = 3; "" = 4; zebra = 5; an-attribute-name-longer-than-a-short-string = 6; };
  names = builtins.attrNames set;
  fromMap = builtins.attrValues (builtins.mapAttrs (n: _: n) set);
  fromZip = builtins.attrNames (builtins.zipAttrsWith (n: vs: n) [ set { extra = 1; } ]);
  built = "ze" + "bra";
in
{
  inherit names fromMap fromZip;
  selected = map (n: set.${n}) names;
  has = map (n: set ? ${n}) (names ++ [ "nope" built ]);
  getAttr = map (n: builtins.getAttr n set) fromMap;
  hasAttr = map (n: builtins.hasAttr n set) fromZip;
  removed = builtins.attrNames (builtins.removeAttrs set (builtins.filter (n: n != "a") names));
  relisted = builtins.listToAttrs (map (n: { name = n; value = n + "!"; }) fromMap);
  dynamic = builtins.attrNames { ${builtins.head names} = 1; ${built} = 2; };
  catAttrs = builtins.catAttrs (builtins.elemAt names 3) [ set { zebra = 6; } { } ];
  equal = map (n: n == built) names;
  compared = map (n: n < built) names;
  sorted = builtins.sort (x: y: x < y) (fromMap ++ [ built "b" ]);
  concatenated = builtins.concatStringsSep "," names;
  lengths = map builtins.stringLength names;
  substrings = map (builtins.substring 1 2) names;
  interpolated = map (n: "<${n}>") fromMap;
  json = builtins.toJSON (builtins.listToAttrs (map (n: { name = n; value = n; }) names));
  hashes = map (builtins.hashString "md5") names;
  contexts = map builtins.hasContext names;
  elem = builtins.elem built names;
  unique = builtins.length (builtins.attrNames (builtins.groupBy (n: n) (names ++ fromMap)));
}
