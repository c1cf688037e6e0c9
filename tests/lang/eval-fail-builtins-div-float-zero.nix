# Division by a float zero is refused as by an integer zero.
builtins.div 1 0.0
