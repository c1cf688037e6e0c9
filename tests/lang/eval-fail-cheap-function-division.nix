# A function of one division by its argument still reports a division by zero.
map (x: 10 / x) [ 5 0 ]
