# terraform-aws-modules/eks v20 (written for karpgen): the module gives
# disk_size to EKS only for a group on EKS's own launch template
# (use_custom_launch_template = false, group "eksdefault"); with the module's
# own template (the default, group "app") EKS never sees it and the nodes'
# root volume is the AMI's: KG240, and the kit's root volume is the AMI
# family's too.  A size in block_device_mappings is the nodes' (group "bdm").
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "ds"
  cluster_version = "1.31"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    app = {
      instance_types = ["m5.xlarge"]
      disk_size      = 50
    }
    eksdefault = {
      instance_types             = ["c5.xlarge"]
      use_custom_launch_template = false
      disk_size                  = 80
    }
    bdm = {
      instance_types = ["r5.xlarge"]
      disk_size      = 30
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size = 120
            volume_type = "gp3"
          }
        }
      }
    }
  }
}
