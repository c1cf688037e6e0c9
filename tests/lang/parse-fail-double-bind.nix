{ a }@b@c: a
