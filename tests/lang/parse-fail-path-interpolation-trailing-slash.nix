# A path may not end in a slash after an interpolation either.
let b = "x"; in ./a/${b}/
