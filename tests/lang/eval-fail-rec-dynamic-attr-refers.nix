(rec { ${"a" + "b"} = 1; c = ab; }).c
