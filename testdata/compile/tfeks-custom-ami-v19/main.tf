# terraform-aws-modules v19: a custom AMI is bootstrapped by `platform` (default "linux", AL2);
# the ami_type of the defaults is not what decides
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "ex"
  cluster_version = "1.30"
  subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]

  eks_managed_node_group_defaults = {
    ami_type       = "AL2_x86_64"
    instance_types = ["m6i.large"]
  }

  eks_managed_node_groups = {
    system = {
      min_size     = 1
      max_size     = 2
      desired_size = 1
    }
    custom = {
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true
    }
    br = {
      ami_id   = "ami-0123456789abcdef1"
      platform = "bottlerocket"
    }
  }

  self_managed_node_groups = {
    sm = {
      ami_id = "ami-0123456789abcdef2"
    }
  }
}
