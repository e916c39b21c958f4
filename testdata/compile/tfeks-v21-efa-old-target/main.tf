# terraform-aws-modules/eks v21 (written for karpgen): enable_efa_support on p5.48xlarge lays out
# an efa interface on card 0 and efa-only ones on the other 31 cards (enable_efa_only defaults to
# true on v21): the EC2NodeClass networkInterfaces; REPORT.md says what the workloads need.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
  name               = "ml"
  kubernetes_version = "1.33"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    gpu = {
      instance_types     = ["p5.48xlarge"]
      ami_type           = "AL2023_x86_64_NVIDIA"
      enable_efa_support = true
      min_size = 0
      max_size = 2
      desired_size = 0
    }
  }
}
