a = concat(x..., y)
