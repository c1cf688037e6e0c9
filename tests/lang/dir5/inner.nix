"inner of dir5"
