# Attribute values are compared in the order Nix keeps a set: names by first
# interning, not alphabetically. `zzOrderOkay` is met first and differs; the throws are
# never forced.
{ zzOrderOkay = 1; yyOrderOkay = throw "x"; } == { zzOrderOkay = 2; yyOrderOkay = throw "y"; }
