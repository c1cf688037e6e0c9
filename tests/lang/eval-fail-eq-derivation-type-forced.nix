# Telling whether a set is a derivation forces its `type`, even when the sets are evaluated.
{ type = throw "no type"; a = 1; } == { type = "derivation"; a = 1; }
