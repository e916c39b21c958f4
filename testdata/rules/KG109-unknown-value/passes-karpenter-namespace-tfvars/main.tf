# The Karpenter release the cluster runs, in a namespace given by a variable
# that terraform.tfvars sets: the kit targets that namespace, no KG109
variable "karpenter_namespace" {
  type = string
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "hns"
  cluster_version = "1.31"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      labels         = { role = "system" }
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }
    apps = {
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 5
      desired_size   = 1
    }
  }
}

resource "helm_release" "karpenter" {
  name       = "karpenter"
  namespace  = var.karpenter_namespace
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = "1.14.1"
}
