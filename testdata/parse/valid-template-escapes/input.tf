a = "$${x} %%{y}"
b = "p-${v}-$${x}"
c = <<EOT
$${x} %%{ if }
EOT
d = <<-EOT
  $${x}
  EOT
x = { "$${k}" = "v", "a-${var.x}-%%{y}" = 1 }
y = "${"$${n}"}"
z = "a${1}$${b}"
resource "r" "$${l}" {}
