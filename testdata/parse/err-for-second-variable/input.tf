a = [for k, in x : 1]
