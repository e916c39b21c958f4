# Hand-made in the shape of young-ook/terraform-aws-eks's fixtures: its
# managed_node_groups is a list of objects named by `name`, not EKS
# Blueprints v4's map (whose for_each takes no list), so each group is
# known by its own name and gets none of Blueprints' defaults.
managed_node_groups = [
  {
    name          = "on-demand"
    capacity_type = "ON_DEMAND"
    instance_type = "t3.medium"
    desired_size  = 1
  },
  {
    name          = "spot"
    capacity_type = "SPOT"
    instance_type = "t3.medium"
    desired_size  = 1
    max_size      = 4
  }
]
