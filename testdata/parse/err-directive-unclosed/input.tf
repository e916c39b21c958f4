a = "%{ if x y"
