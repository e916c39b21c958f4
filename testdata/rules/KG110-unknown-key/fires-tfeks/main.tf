# hand-made: a terraform-aws-modules node group with a misspelt key; it was
# skipped without a word, so the group's disk size vanished from the kit
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "c1"
  cluster_version = "1.31"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    work = {
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 4
      disk_sise      = 200
      update_config  = { max_unavailable_percentage = 33 }
    }
  }
}
