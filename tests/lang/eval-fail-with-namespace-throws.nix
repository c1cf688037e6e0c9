let x = 1; in with (throw "namespace forced"); y
