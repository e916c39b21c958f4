# hand-made: a taint without an effect; EKS refuses it, so the kit must not
# call it an expression it cannot evaluate (it is a literal, only incomplete)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "c1"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
    }
    work = {
      instance_types = ["m5.xlarge"]
      taints = {
        gpu = { key = "nvidia.com/gpu", value = "true" }
      }
    }
  }
}
