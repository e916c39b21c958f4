a = x[0
