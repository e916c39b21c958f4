# The Karpenter release the cluster runs, named by a local karpgen cannot
# evaluate offline: the kit assumes the release 'karpenter' and says so (KG109)
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "hrel"
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
  name       = "${data.aws_eks_cluster.this.name}-karpenter"
  namespace  = "karpenter"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = "1.14.1"
}
