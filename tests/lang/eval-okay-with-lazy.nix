with (throw "not forced"); 42
