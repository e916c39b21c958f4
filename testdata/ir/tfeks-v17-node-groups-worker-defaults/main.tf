# v17 node_groups take workers_group_defaults under node-group names, beneath
# node_groups_defaults and the group (modules/node_groups/locals.tf).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name = "old"

  workers_group_defaults = {
    instance_type    = "c5.large"
    asg_max_size     = 7
    asg_min_size     = 2
    asg_desired_capacity = 2
    root_volume_size = 60
    root_kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  node_groups_defaults = {
    disk_size = 40
  }

  node_groups = {
    # the workers' type, sizes and key; node_groups_defaults' disk size
    plain = {}
    # the group's own values win
    own = {
      instance_types   = ["m5.large"]
      max_capacity     = 3
      min_capacity     = 1
      desired_capacity = 1
      disk_encrypted   = true
      set_instance_types_on_lt = true
      create_launch_template   = true
    }
  }
}
