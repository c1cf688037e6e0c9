let f = args@{ a, ... }: args; in f { a = 1; b = 2; }
