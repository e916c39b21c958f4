# A launch_template block (the aws_eks_node_group resource's form) written on
# a module group: no input of terraform-aws-modules' node groups, which take
# launch_template_id / launch_template_name, so the module never attached the
# template; its settings must not reach the kit, and the block is listed.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "c"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
    }
    app = {
      instance_types = ["m5.xlarge"]
      launch_template = {
        id      = aws_launch_template.lt.id
        version = "$Latest"
      }
    }
  }
}

resource "aws_launch_template" "lt" {
  name                   = "app-lt"
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 100
    }
  }
}
