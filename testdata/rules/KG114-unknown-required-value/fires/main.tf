module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "demo"

  eks_managed_node_groups = {
    default = {
      instance_types = var.instance_types
      min_size       = 1
      max_size       = 3
    }
  }
}
