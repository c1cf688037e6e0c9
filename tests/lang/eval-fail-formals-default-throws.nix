({ a ? throw "default evaluated" }: a) { }
