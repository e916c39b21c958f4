num     = [0, 42, 1.5, 1e3, 2.5E-2, -7, - 3]
bools   = [true, false, !true, !false, null]
ops     = 1 + 2 * 3 - 4 / 5 % 6
cmp     = a < b && c >= d || e != f
paren   = (1)
unary   = -var.x
splat   = var.list[*].id
asplat  = var.list.*.id
index   = var.map["key"]
dyn     = var.map[var.key]
call    = format("%s-%d", var.name, 3)
expand  = concat(var.a, var.b...)
cond    = var.a ? var.b : var.c ? 1 : 2
forl    = [for i, v in var.list : v * i]
objkeys = {
  bare      = 1
  "quoted"  = 2
  (var.key) = 3
  4         = "four"
  colon : 5,
  same      = "first"
  same      = "last"
}
multi = [
  "a",
  "b"
  "c",
]
