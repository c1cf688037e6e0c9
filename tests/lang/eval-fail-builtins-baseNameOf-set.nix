baseNameOf { name = "x"; }
