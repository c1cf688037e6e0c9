{ a, , b }: a
