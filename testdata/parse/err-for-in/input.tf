a = [for k of x : 1]
