[ (map (x: x) [ 1 ]) (toString 1) (import ./lib-id.nix 5) (isNull null) (removeAttrs { a = 1; } [ "a" ]) (__length [ 1 2 ]) (__add 1 2) ]
