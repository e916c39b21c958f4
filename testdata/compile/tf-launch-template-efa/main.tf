# aws_eks_node_group resources (written for karpgen): 'hpc' uses a launch
# template with an efa interface as primary and an efa-only one on card 1,
# and a subnet and description on an interface, which Karpenter cannot set
# (KG240 each); 'system' runs the controller.
resource "aws_launch_template" "hpc" {
  name          = "hpc-lt"
  instance_type = "p4d.24xlarge"

  network_interfaces {
    device_index          = 0
    network_card_index    = 0
    interface_type        = "efa"
    delete_on_termination = true
    security_groups       = ["sg-0a1b2c3d4e5f60718"]
  }

  network_interfaces {
    device_index       = 1
    network_card_index = 1
    interface_type     = "efa-only"
    subnet_id          = "subnet-0a1b2c3d4e5f60718"
    description        = "efa-only card 1"
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = "demo"
  node_group_name = "system"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"

  scaling_config {
    min_size     = 2
    max_size     = 3
    desired_size = 2
  }
}

resource "aws_eks_node_group" "hpc" {
  cluster_name    = "demo"
  node_group_name = "hpc"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  ami_type        = "AL2023_x86_64_NVIDIA"

  scaling_config {
    min_size     = 0
    max_size     = 4
    desired_size = 0
  }

  launch_template {
    id      = aws_launch_template.hpc.id
    version = aws_launch_template.hpc.latest_version
  }
}
