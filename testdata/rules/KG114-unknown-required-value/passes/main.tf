module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "demo"

  eks_managed_node_groups = {
    default = {
      instance_types = ["m6i.large"]
      min_size       = 1
      max_size       = 3
    }
  }
}
