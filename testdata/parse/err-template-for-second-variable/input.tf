a = "%{ for k, 2 in x }y%{ endfor }"
