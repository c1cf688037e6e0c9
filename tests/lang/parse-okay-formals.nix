[ ({ a, b ? 1, ... }: a) (args@{ c }: c) ({ d }@args: d) (e: e) ({ }: 0) ]
