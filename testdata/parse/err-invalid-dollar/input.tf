a = ${var.x}
