"in dir4"
