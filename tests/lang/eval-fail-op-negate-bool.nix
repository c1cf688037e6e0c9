let b = true; in -b
