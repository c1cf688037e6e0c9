let x = null; in x.attr
