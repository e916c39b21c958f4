# public_ip: EC2NodeClass associatePublicIPAddress; attach_cluster_primary_security_group:
# the cluster's primary security group (EKS tags it aws:eks:cluster-name) in the
# securityGroupSelectorTerms
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "pip"
  cluster_version = "1.31"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    edge = {
      instance_types = ["m5.xlarge"]
      min_size = 1
      max_size = 5
      desired_size = 1
      attach_cluster_primary_security_group = true
    }
  }
  self_managed_node_groups = {
    public = {
      instance_type = "m5.2xlarge"
      min_size = 1
      max_size = 2
      desired_size = 1
      public_ip = true
    }
  }
}
