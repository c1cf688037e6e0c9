# A float literal out of range is an error, as C's strtod reports it.
[ 1.5 2.5e308 ]
