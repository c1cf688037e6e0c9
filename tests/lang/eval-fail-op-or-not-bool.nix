false || 1
