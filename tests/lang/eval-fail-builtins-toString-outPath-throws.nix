# An error while evaluating `outPath` says so, where `outPath` is defined.
builtins.toString { outPath = throw "no path"; }
