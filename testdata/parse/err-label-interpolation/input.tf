resource "aws_${var.kind}" "x" {
}
