module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "demo"
  kubernetes_version = "1.33"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      ami_type       = "AL2023_x86_64_STANDARD"
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }
  }

  self_managed_node_groups = {
    "w`x|y*z<b>" = {
      instance_type = "m6i.xlarge"
      ami_type      = "AL2023_x86_64_STANDARD"
      min_size      = 1
      max_size      = 4
      desired_size  = 1
    }
  }
}
