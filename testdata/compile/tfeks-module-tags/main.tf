# terraform-aws-modules/eks v20: the module's `tags` go on every group's nodes under the group's own
# (node_groups.tf: tags = merge(var.tags, each.value.tags)); enable_monitoring defaults to true where
# the module makes the launch template, and nowhere else.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "20.8.5"
  cluster_name    = "c3"
  cluster_version = "1.30"
  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 2
      desired_size   = 2
      labels         = { role = "system" }
    }
    work = {
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 4
      desired_size   = 1
      tags           = { Team = "data" }
    }
    plain = {
      instance_types             = ["c5.xlarge"]
      min_size                   = 0
      max_size                   = 3
      desired_size               = 0
      use_custom_launch_template = false
    }
  }
  tags = { CostCenter = "1234", Team = "platform" }
}
