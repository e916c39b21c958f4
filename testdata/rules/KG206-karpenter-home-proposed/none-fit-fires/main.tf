# terraform-aws-modules/eks: two groups, neither fit to run the controller
# (one scaled to zero, one tainted dedicated=gpu): KG206 proposes a new group.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "demo"
  cluster_version = "1.31"

  eks_managed_node_groups = {
    idle = {
      instance_types = ["m5.large"]
      min_size       = 0
      max_size       = 3
      desired_size   = 0
    }
    ml = {
      instance_types = ["m5.2xlarge"]
      min_size       = 1
      max_size       = 4
      desired_size   = 1
      taints = {
        dedicated = {
          key    = "dedicated"
          value  = "gpu"
          effect = "NO_SCHEDULE"
        }
      }
    }
  }
}
