a = "%{ when x }y%{ endif }"
