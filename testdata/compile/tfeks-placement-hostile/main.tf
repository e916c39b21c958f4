# hostile placements: an empty group name is no placement group (EC2 and the
# AWS provider read it so; nothing is carried, nothing said; the CRD would
# refuse an empty name), a bad id is ../tfeks-placement-bad-id, a name beside an id keeps the
# id (placementGroupSelector takes one) and lists the name (KG240); a
# placement given by an expression is listed (KG240)
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
      placement = {
        group_name = ""
      }
    }
    both = {
      instance_types = ["m5.large"]
      min_size = 0
      max_size = 2
      desired_size = 1
      placement = {
        group_name = "both"
        group_id   = "pg-0123456789abcdef0"
      }
    }
    byvar = {
      instance_types = ["m5.large"]
      min_size = 0
      max_size = 2
      desired_size = 1
      placement = var.placement
    }
  }
}
