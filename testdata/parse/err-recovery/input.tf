a = [1,
b = "ok"
c = 1 +
d = { e = 1 f = 2 }
good = true
