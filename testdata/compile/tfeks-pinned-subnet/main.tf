# A group pinned to one subnet (zone) beside a group on the module's subnets: each EC2NodeClass
# selects the subnets its group used (the pinned one by id, the other by the discovery tag that
# the runbook puts on that group's subnets only).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.8.5"

  cluster_name    = "c3"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 2
      desired_size   = 2
    }
    work = {
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 4
      desired_size   = 1
      subnet_ids     = ["subnet-0aaaaaaaaaaaaaaa1"]
    }
    batch = {
      instance_types = ["c5.xlarge"]
      min_size       = 0
      max_size       = 6
      desired_size   = 1
    }
  }
}
