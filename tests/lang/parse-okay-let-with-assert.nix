# Current Nix prints a let's `inherit` clauses before its other bindings (ExprAttrs'
# showBindings); CppNix 2.8 printed them in name order among the others.
x: let a = 1; inherit x; in with x; assert a == 1; rec { b = a; c = b; }
