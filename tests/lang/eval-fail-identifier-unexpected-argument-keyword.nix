# A keyword is quoted too: bare, it would not read back as a name.
({ a }: a) { a = 1; "in" = 2; }
