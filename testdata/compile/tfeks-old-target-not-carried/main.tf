# Settings a Karpenter 0.32 target cannot express (public_ip: associatePublicIPAddress,
# RAID0 of the instance store: instanceStorePolicy, both 0.34+): KG240 and REPORT.md "Not carried"
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "old"
  cluster_version = "1.28"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      ami_type = "AL2_x86_64"
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    nvme = {
      instance_types = ["m5d.2xlarge"]
      ami_type = "AL2_x86_64"
      min_size = 1
      max_size = 4
      desired_size = 1
      pre_bootstrap_user_data = <<-EOT
        setup-local-disks raid0
      EOT
    }
  }
  self_managed_node_groups = {
    public = {
      instance_type = "m5.2xlarge"
      ami_type = "AL2_x86_64"
      min_size = 1
      max_size = 2
      desired_size = 1
      public_ip = true
    }
  }
}
