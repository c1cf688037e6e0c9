# A set is read as the path it stands for; a relative one is refused, inside the `outPath`.
builtins.readFile { outPath = "relative/file"; }
