let k = "key"; in { ${k} = 1; "${k}2" = 2; ${"with space"} = 3; "quoted" = 4; ${null} = 5; a.${k} = 6; }
