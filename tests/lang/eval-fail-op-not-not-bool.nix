!"false"
