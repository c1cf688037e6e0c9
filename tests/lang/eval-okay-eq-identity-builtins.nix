# Which builtins keep the cells of the elements and attributes they pass on (as Nix's do)
# and which make new ones; formals' defaults that are variables share their cell.
let
  f = x: x;
  s = { inherit f; g = x: x; n = { h = f; }; l = [ f ]; };
  id = x: x;
in {
  formalDefault = ({ a ? f }: [ a ] == [ f ]) { };
  formalGiven = ({ a }: [ a ] == [ f ]) { a = f; };
  letInherit = let inherit f; in [ f ] == [ s.f ];
  letInheritFrom = let inherit (s) g; in [ g ] == builtins.catAttrs "g" [ s ];
  setInheritFrom = { inherit (s) g; } == { inherit (s) g; };
  setSelf = s == s;
  setCopy = s == (s // { });
  nestedCopy = { a = s; } == { a = s; };
  nestedList = [ s.l ] == [ s.l ];
  listOfSets = [ s ] == [ s ];
  catAttrs = builtins.catAttrs "f" [ s ] == [ f ];
  attrValuesNested = builtins.attrValues s.n == [ f ];
  mapped = builtins.map id [ f ] == [ f ];
  sorted = builtins.sort (a: b: false) [ f ] == [ f ];
  partitioned = (builtins.partition (x: true) [ f ]).right == [ f ];
  removeAttrs = builtins.removeAttrs s [ "g" ] == builtins.removeAttrs s [ "g" ];
  intersect = builtins.intersectAttrs { f = 1; } s == { inherit f; };
  listToAttrs = builtins.listToAttrs [ { name = "f"; value = f; } ] == { inherit f; };
  groupBy = builtins.groupBy (x: "a") [ f ] == { a = [ f ]; };
  concatMap = builtins.concatMap (x: [ x ]) [ f ] == [ f ];
  concatLists = builtins.concatLists [ [ f ] ] == [ f ];
  elemAt = [ (builtins.elemAt [ f ] 0) ] == [ f ];
  getAttr = [ (builtins.getAttr "f" s) ] == [ f ];
  genericClosure = builtins.genericClosure { startSet = [ { key = 1; inherit f; } ]; operator = x: [ ]; } == [ { key = 1; inherit f; } ];
  recAttr = let r = rec { a = f; b = a; }; in builtins.catAttrs "a" [ r ] == builtins.catAttrs "b" [ r ];
  argThunk = (x: [ x ] == [ x ]) (id f);
  argCell = (x: y: [ x ] == [ y ]) f f;
  builtinsSame = [ builtins.map ] == [ map ];
  tryEvalV = [ (builtins.tryEval f).value ] == [ f ];
  deepSeqV = [ (builtins.deepSeq 1 f) ] == [ f ];
  fromStringFn = builtins.functionArgs f == { };
  derivationCmp = let d = derivation { name = "a"; system = "x"; builder = "/b"; }; in [ d ] == [ d ];
  floatInt = [ 1 ] == [ 1.0 ];
}
