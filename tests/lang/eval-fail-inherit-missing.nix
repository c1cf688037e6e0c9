let src = { a = 1; }; in { inherit (src) b; }.b
