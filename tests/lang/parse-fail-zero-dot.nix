# `0.` is not a float: it is the integer 0 followed by a selection with nothing to select.
[ 0. ]
