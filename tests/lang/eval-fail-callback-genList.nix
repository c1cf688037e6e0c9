builtins.genList (i: if i == 2 then throw "genList element ${toString i}" else i) 4
