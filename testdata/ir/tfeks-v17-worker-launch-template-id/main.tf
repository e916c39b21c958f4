# v17 worker groups run on the module's own launch configuration or template:
# launch_template_id is a node_groups key, not attached to a worker group
# (KG240 for the group's own; workers_group_defaults' is node_groups' default).
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_name    = "v17l"
  cluster_version = "1.27"
  workers_group_defaults = {
    launch_template_id = "lt-0123456789abcdef0"
  }
  worker_groups_launch_template = [
    {
      name               = "w"
      instance_type      = "m5.large"
      launch_template_id = "lt-0fedcba9876543210"
    },
    {
      name          = "d"
      instance_type = "m5.large"
    }
  ]
}
