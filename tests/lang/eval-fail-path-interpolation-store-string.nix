# A string with a store path in its context cannot be appended to a path; that is not an
# error about coercing a path segment.
./foo/${builtins.toFile "name" "contents"}
