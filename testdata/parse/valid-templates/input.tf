literal   = "plain text"
escapes   = "tab\there \"quoted\" back\\slash \u00e9 \U0001F600 $${not} %%{either}"
wrapped   = "${var.name}"
wrapped_b = "${true}"
parts     = "pre-${var.a}-mid-${upper(var.b)}-post"
literals  = "${"a"}${1.50}${false}"
cond      = "x${var.on ? "yes" : ""}y"
if_dir    = "%{ if var.on ~} on %{~ else ~} off %{~ endif }"
for_dir   = <<-EOT
  %{ for k, v in var.map ~}
  ${k}=${v}
  %{ endfor ~}
EOT
nested    = "outer ${"inner ${var.x}"} end"
