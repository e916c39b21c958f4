# Which launch template a v18 group's nodes run on: with create_launch_template
# (default true) the module's own, which launch_template_name only names; with
# create_launch_template = false the existing template launch_template_name
# names, the map key by default (KG240 when the inputs do not hold it).  v18 has no launch_template_id
# input: KG240, never linked.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "18.31.2"
  cluster_name    = "c18"
  cluster_version = "1.24"
  eks_managed_node_groups = {
    own = {
      instance_types       = ["m5.large"]
      launch_template_name = "lt"
    }
    byname = {
      instance_types         = ["m5.large"]
      create_launch_template = false
      launch_template_name   = "lt"
    }
    gone = {
      instance_types         = ["m5.large"]
      create_launch_template = false
      launch_template_name   = "made-elsewhere"
    }
    keyed = {
      instance_types         = ["m5.large"]
      create_launch_template = false
    }
  }
  self_managed_node_groups = {
    sm-id = {
      create_launch_template = false
      launch_template_name   = "lt"
      launch_template_id     = aws_launch_template.other.id
    }
  }
}

resource "aws_launch_template" "lt" {
  name                   = "lt"
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
  metadata_options {
    http_tokens = "optional"
  }
}

resource "aws_launch_template" "other" {
  name                   = "other"
  vpc_security_group_ids = ["sg-0fedcba9876543210"]
}
