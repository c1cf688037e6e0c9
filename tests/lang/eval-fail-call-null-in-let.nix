let f = null; in f 1
