# network interfaces with none at card 0, device 0: no primary (KG112)
resource "aws_launch_template" "hpc" {
  name          = "hpc-lt"
  instance_type = "p4d.24xlarge"
  network_interfaces {
    device_index       = 1
    network_card_index = 1
    interface_type     = "efa-only"
  }
}
