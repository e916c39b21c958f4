# two EFA interfaces on network card 0: EC2 takes one per card (KG112)
resource "aws_launch_template" "hpc" {
  name          = "hpc-lt"
  instance_type = "p4d.24xlarge"
  network_interfaces {
    device_index   = 0
    interface_type = "efa"
  }
  network_interfaces {
    device_index   = 1
    interface_type = "efa-only"
  }
}
