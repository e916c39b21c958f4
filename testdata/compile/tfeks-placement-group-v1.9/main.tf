# placement on a target older than 1.14: Karpenter 1.9 has no
# placementGroupSelector, so the placement group and its partition are KG240
# and REPORT.md's "Not carried" rows, naming the release that has them; tenancy
# dedicated is carried (the instance-tenancy requirement is in 1.9's CRDs)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "pg"
  cluster_version = "1.30"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    kafka = {
      instance_types = ["i4i.2xlarge"]
      min_size = 0
      max_size = 6
      desired_size = 3
      placement = {
        group_name       = "kafka-partitions"
        partition_number = 2
        tenancy          = "dedicated"
      }
    }
  }
}
