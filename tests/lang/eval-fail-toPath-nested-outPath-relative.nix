# Each `outPath` on the way to the relative string adds its line, innermost first.
builtins.toPath { outPath = { outPath = "not/absolute"; }; }
