a = 1
b = {
  c = "x"
}
h = <<EOT
line
EOT
