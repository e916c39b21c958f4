# terraform-aws-modules/eks v21: the module's real per-group variables are read (carried, or KG240
# with the reason), never "unknown"; a key the module does not have is KG110 and REPORT.md lists it.
# v21's enable_monitoring default is false and its IMDS hop limit default 1.
module "eks" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "c5"
  kubernetes_version = "1.33"
  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 2
      desired_size   = 2
      labels         = { role = "system" }
    }
  }
  self_managed_node_groups = {
    sm = {
      instance_type                 = "c6i.large"
      max_size                      = 3
      iam_role_permissions_boundary = "arn:aws:iam::111122223333:policy/org-boundary"
      iam_instance_profile_arn      = "arn:aws:iam::111122223333:instance-profile/custom"
      create_iam_instance_profile   = false
      iam_role_path                 = "/nodes/"
      protect_from_scale_in         = true
      health_check_type             = "ELB"
      capacity_rebalance            = true
      termination_policies          = ["OldestInstance"]
      instance_refresh              = { strategy = "Rolling" }
      default_cooldown              = 300
      frobnicate_nodes              = true
    }
  }
}
