10 / null
