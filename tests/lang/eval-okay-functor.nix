let s = { __functor = self: x: self.base + x; base = 10; }; in [ (s 1) (s 2) ]
