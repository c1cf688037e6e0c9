# strtod also reports a range error for a result below the smallest normal double.
1.0e-310
