# Two groups on disjoint subnets (zones): each EC2NodeClass selects its own group's ids, never
# the union.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.8.5"

  cluster_name    = "c4"
  cluster_version = "1.30"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1", "subnet-0ccccccccccccccc1"]

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 2
      desired_size   = 2
    }
    web = {
      instance_types = ["m5.xlarge"]
      subnet_ids     = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]
    }
    db = {
      instance_types = ["r5.xlarge"]
      subnet_ids     = ["subnet-0ccccccccccccccc1"]
    }
  }
}
