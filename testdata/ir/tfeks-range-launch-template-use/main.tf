# A call that pins no version, read as v18-v20 (cluster_name): the launch
# template the group gives is dropped only where every version agrees that
# the module does not attach it (v18 makes its own, v19-v20 with
# use_custom_launch_template = false attach none); where they disagree
# (create_launch_template = false: v18 attaches by name, v19-v20 by id) it
# stays as written.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_name    = "cr"
  cluster_version = "1.29"
  eks_managed_node_groups = {
    own = {
      instance_types     = ["m5.large"]
      launch_template_id = aws_launch_template.lt.id
    }
    none = {
      instance_types             = ["m5.large"]
      use_custom_launch_template = false
      launch_template_id         = aws_launch_template.lt.id
    }
    either = {
      instance_types         = ["m5.large"]
      create_launch_template = false
      launch_template_id     = aws_launch_template.lt.id
    }
  }
}

resource "aws_launch_template" "lt" {
  name                   = "lt"
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
}
