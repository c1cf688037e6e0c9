# A binding that is a sibling's variable shares the sibling's cell only if the sibling was
# set up first; sharing does not depend on what was forced before the comparison; a
# default that is a variable of an enclosing scope is that variable's cell.
let
  f = x: x;
  early = let g = x: x; h = g; in [ g ] == [ h ];
  late = let later = sooner; sooner = x: x; in [ sooner ] == [ later ];
  forcedFirst = let g = x: x; l = [ g ]; in builtins.seq (g 1) (l == [ g ]);
  letLambda = let g = let y = 1; in x: x + y; l = [ g ]; in builtins.seq (g 1) (l == [ g ]);
  ifLambda = let g = if true then x: x else y: y; l = [ g ]; in builtins.seq (g 1) (l == [ g ]);
  through = let g = let h = f; in h; in [ f ] == [ g ];
  recAlias = let r = rec { a = x: x; b = a; }; in builtins.catAttrs "a" [ r ] == builtins.catAttrs "b" [ r ];
  default = ({ a ? f }: [ a ] == [ f ]) { };
  given = ({ a ? f }: [ a ] == [ f ]) { a = x: x; };
  shadowed = let x = 1; in let y = x; x = 2; in y;
in
{ inherit early late forcedFirst letLambda ifLambda through recAlias default given shadowed; }
