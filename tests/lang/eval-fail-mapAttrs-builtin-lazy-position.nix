let
  f = builtins.add;
in
builtins.mapAttrs f { a = 1; }
