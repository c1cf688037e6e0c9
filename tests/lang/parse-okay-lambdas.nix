[ (x: x) ({ a, b ? 1, ... }: a) (args@{ a }: a) ({ a }@args: a) ]
