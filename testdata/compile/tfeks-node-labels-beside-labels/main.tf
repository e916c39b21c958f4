# Labels from --node-labels added to a group that has labels of its own: the
# list the converter made held exactly its entries, and adding one wrote past
# it (a crash in resolve, or another list's entries overwritten).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "c"
  cluster_version = "1.29"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      labels         = { role = "system" }
    }
    app = {
      instance_types       = ["m5.xlarge"]
      labels               = { team = "x" }
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments
      tags                 = { owner = "me", cost = "42" }
      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=tier=app,zz=yy'"
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs         = { volume_size = 150 }
        }
      }
    }
  }
}
