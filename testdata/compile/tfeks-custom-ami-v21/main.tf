# terraform-aws-modules v21: ami_type alone (default AL2023_x86_64_STANDARD)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "ex"
  kubernetes_version = "1.33"
  subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
    }
    custom = {
      ami_id         = "ami-0123456789abcdef0"
      instance_types = ["m6i.large"]
    }
    windows = {
      ami_id         = "ami-0123456789abcdef1"
      ami_type       = "WINDOWS_CORE_2022_x86_64"
      instance_types = ["m6i.large"]
    }
  }
}
