let f = { a ? throw "unused" }: 1; in f {}
