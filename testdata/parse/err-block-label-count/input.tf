provisioner "local-exec" {
}
provisioner {
}
