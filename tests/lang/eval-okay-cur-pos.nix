let p = __curPos; in [ p.line p.column (p.file == toString ./eval-okay-cur-pos.nix) ]
