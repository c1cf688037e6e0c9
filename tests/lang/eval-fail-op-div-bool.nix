true / 1
