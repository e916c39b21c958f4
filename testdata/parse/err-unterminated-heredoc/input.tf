policy = <<EOT
{"Version": "2012-10-17"}
EO
