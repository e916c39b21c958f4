# terraform-aws-modules v20: a custom AMI's user data follows ami_type when one is given
# (over `platform`), else `platform` (default "linux", AL2)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "ex"
  cluster_version = "1.30"
  subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]

  eks_managed_node_groups = {
    system = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m6i.large"]
    }
    typed = {
      ami_id   = "ami-0123456789abcdef0"
      ami_type = "BOTTLEROCKET_x86_64"
      platform = "linux"
    }
    plain = {
      ami_id = "ami-0123456789abcdef1"
    }
    nodeadm = {
      ami_id   = "ami-0123456789abcdef2"
      platform = "al2023"
    }
  }
}
