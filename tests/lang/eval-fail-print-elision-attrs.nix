# Error messages print at most 10 attributes in all, counting those of nested sets, each
# counted once its value is printed; `type` comes first.
let
  v = {
    x = { a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8; i = 9; j = 10; k = 11; };
    y = 2;
    type = "first";
  };
in
builtins.deepSeq v (builtins.length v)
