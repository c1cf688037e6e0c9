(import ./dir-default).answer
