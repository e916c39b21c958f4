a = "%{ for k of x }y%{ endfor }"
