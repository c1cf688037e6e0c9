let x = null; in "x is ${x}"
