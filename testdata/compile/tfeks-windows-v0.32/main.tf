# A terraform-aws-modules/eks v19 cluster with a Linux system group and a
# Windows group, on Kubernetes 1.27 (written for karpgen): the kit targets
# Karpenter 0.32.10, whose v1beta1 EC2NodeClass selects Windows by amiFamily.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "win-demo"
  cluster_version = "1.27"

  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]

  eks_managed_node_groups = {
    system = {
      ami_type       = "AL2_x86_64"
      instance_types = ["t3.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }
    windows = {
      ami_type       = "WINDOWS_FULL_2019_x86_64"
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 6
      desired_size   = 2
      disk_size      = 60
      taints = {
        os = {
          key    = "os"
          value  = "windows"
          effect = "NO_SCHEDULE"
        }
      }
    }
  }
}
