# removeAttrs takes its names however they were made: written out, given by attrNames,
# computed lazily by map, interpolated; absent and repeated names change nothing.
let
  big = builtins.listToAttrs (map (i: { name = "n${toString i}"; value = i; }) (builtins.genList (i: i) 300));
  small = { a = 1; b = 2; c = 3; d = 4; };
  layered = big // { extra = 0; n5 = "five"; };
  suffix = "1";
in
{
  literal = builtins.attrNames (builtins.removeAttrs small [ "b" "d" "absent" "b" ]);
  fromAttrNames = builtins.removeAttrs small (builtins.attrNames { a = null; c = null; });
  lazy = builtins.removeAttrs small (map (x: x) [ "a" "z" ]);
  interpolated = builtins.removeAttrs small [ "${"c"}" ];
  big = builtins.length (builtins.attrNames (builtins.removeAttrs big (map (i: "n${toString (i * 7)}") (builtins.genList (i: i) 50))));
  bigKept = (builtins.removeAttrs big [ "n0" "n299" "n1${suffix}" ]) ? n100;
  layered = builtins.attrNames (builtins.removeAttrs layered [ "extra" "n5" "n6" ]) == builtins.attrNames (builtins.removeAttrs big [ "n5" "n6" ]);
  layeredValue = (builtins.removeAttrs layered [ "extra" ]).n5;
  nothing = builtins.removeAttrs small [ ];
  all = builtins.removeAttrs small (builtins.attrNames small);
}
