# Which launch template a v19-v21 group's nodes run on: the module attaches the
# given launch_template_id only with create_launch_template = false (and, on a
# managed group, use_custom_launch_template left true).  Otherwise the given
# template is not the nodes': not linked, KG240 says why.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "c2"
  cluster_version = "1.30"
  eks_managed_node_groups = {
    own = {
      instance_types     = ["m5.large"]
      launch_template_id = aws_launch_template.lt.id
    }
    eks = {
      instance_types             = ["m5.large"]
      use_custom_launch_template = false
      launch_template_id         = aws_launch_template.lt.id
    }
    named = {
      instance_types       = ["m5.large"]
      launch_template_name = "lt"
    }
    given = {
      instance_types         = ["m5.large"]
      create_launch_template = false
      launch_template_id     = aws_launch_template.lt.id
    }
  }
  self_managed_node_groups = {
    sm-own = {
      launch_template_id = aws_launch_template.lt.id
    }
    sm-given = {
      create_launch_template = false
      launch_template_id     = aws_launch_template.lt.id
    }
  }
}

resource "aws_launch_template" "lt" {
  name                   = "lt"
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
  tag_specifications {
    resource_type = "instance"
    tags          = { cost = "1" }
  }
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs { volume_size = 100 }
  }
  metadata_options {
    http_tokens = "optional"
  }
}
