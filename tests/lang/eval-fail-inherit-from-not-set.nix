{ inherit (1) a; }.a
