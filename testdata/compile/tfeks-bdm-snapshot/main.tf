# A mapping's snapshot_id is the EC2NodeClass blockDeviceMappings[].ebs.snapshotID, on the
# root device (then the group's root volume) as on a data device; a snapshot with no size
# keeps the snapshot's size (no volumeSize)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "snap"
  cluster_version = "1.31"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
    }
    work = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m5.xlarge"]
      min_size = 1
      max_size = 5
      desired_size = 1
      block_device_mappings = {
        data = {
          device_name = "/dev/xvdb"
          ebs = {
            volume_type = "gp3"
            snapshot_id = "snap-0123456789abcdef1"
          }
        }
        root = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size = 40
            volume_type = "gp3"
            snapshot_id = "snap-0123456789abcdef0"
          }
        }
      }
    }
    prewarmed = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m5.2xlarge"]
      min_size = 1
      max_size = 3
      desired_size = 1
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            snapshot_id = "snap-0123456789abcdef2"
          }
        }
      }
    }
  }
}
