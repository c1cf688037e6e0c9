true && { }
