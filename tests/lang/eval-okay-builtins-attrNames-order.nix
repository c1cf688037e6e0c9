# attrNames sorts names bytewise: upper case before lower case, digits first.
builtins.attrNames { b = 1; B = 2; a = 3; "1" = 4; "_x" = 5; "é" = 6; "" = 7; }
