# a placement group id that is not pg-... (EC2 and the EC2NodeClass CRD refuse
# it): KG112 at the id, and compile writes nothing
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
    bad = {
      instance_types = ["m5.large"]
      min_size = 0
      max_size = 2
      desired_size = 1
      placement = {
        group_id = "pg_0123!"
      }
    }
  }
}
