[ 1 true ] < [ 1 false ]
