# placement: the group's placement group becomes its EC2NodeClass
# placementGroupSelector (Karpenter 1.14+): by name (the eks-managed `placement`
# object, the self-managed module's ASG `placement_group`), by id (group_id);
# groups in different placement groups get their own classes.  A pinned
# partition_number is the NodePool requirement placement-group-partition,
# tenancy "dedicated" the requirement instance-tenancy; tenancy "host", a host
# id and the launch template's zone have no Karpenter field (KG240).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "pg"
  cluster_version = "1.27"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    hpc = {
      instance_types = ["c5n.18xlarge"]
      min_size = 0
      max_size = 4
      desired_size = 2
      placement = {
        group_name = "hpc-cluster"
      }
    }
    kafka = {
      instance_types = ["i4i.2xlarge"]
      min_size = 0
      max_size = 6
      desired_size = 3
      placement = {
        group_id         = "pg-0123456789abcdef0"
        partition_number = 2
      }
    }
    dedicated = {
      instance_types = ["m5.xlarge"]
      min_size = 0
      max_size = 2
      desired_size = 1
      placement = {
        tenancy           = "dedicated"
        availability_zone = "us-east-1a"
      }
    }
    hosts = {
      instance_types = ["m5.xlarge"]
      min_size = 0
      max_size = 2
      desired_size = 1
      placement = {
        tenancy = "host"
        host_id = "h-0123456789abcdef0"
      }
    }
  }
  self_managed_node_groups = {
    batch = {
      instance_type   = "c5.4xlarge"
      min_size        = 0
      max_size        = 3
      desired_size    = 1
      placement_group = "batch-spread"
    }
  }
}
