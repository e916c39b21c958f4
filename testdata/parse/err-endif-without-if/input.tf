a = "yes%{ endif }"
