let f = { x ? y + 1, y ? 1 }: x; in [ (f {}) (f { y = 5; }) ]
