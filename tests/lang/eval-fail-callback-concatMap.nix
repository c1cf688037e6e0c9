builtins.concatMap (x: if x == "b" then throw "concatMap saw ${x}" else [ x ]) [ "a" "b" ]
