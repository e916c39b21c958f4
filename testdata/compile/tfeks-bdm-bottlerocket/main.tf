module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "bdm"
  cluster_version = "1.31"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    work = {
      ami_type       = "BOTTLEROCKET_x86_64"
      instance_types = ["m5.xlarge"]
      min_size = 1
      max_size = 5
      desired_size = 1
      block_device_mappings = {
        data = {
          device_name = "/dev/xvdb"
          ebs = {
            volume_size = 500
            volume_type = "gp3"
            encrypted   = true
            kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/data"
          }
        }
        root = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size = 4
            volume_type = "gp3"
            encrypted   = true
            kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/root"
          }
        }
      }
    }
  }
}
