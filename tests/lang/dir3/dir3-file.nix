"in dir3"
