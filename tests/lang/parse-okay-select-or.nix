s: [ s.a s.a.b s."c d" s.${"e"} (s.f or 1) s.or ]
